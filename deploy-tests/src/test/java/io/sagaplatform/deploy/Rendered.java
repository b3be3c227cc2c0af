package io.sagaplatform.deploy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The repository's overlays, rendered once per test JVM. */
final class Rendered {

    static final List<String> OVERLAYS = List.of("dev", "prod");
    private static final Map<String, List<ObjectNode>> CACHE = new ConcurrentHashMap<>();

    private Rendered() {
    }

    static List<ObjectNode> overlay(String name) {
        return CACHE.computeIfAbsent(name, n -> Manifests.render(Tools.REPO_ROOT.resolve("k8s/overlays").resolve(n)));
    }
}
