package io.sagaplatform.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders Kustomize overlays with kubectl and checks what comes out: core and Strimzi kinds by reading each into
 * its typed model (fabric8, io.strimzi:api) — a wrong type or a key the model does not have is a problem —, and
 * custom resources — Strimzi's too — against their operators' CRD schemas ({@link Schemas}).
 */
final class Manifests {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** Typed models by "apiVersion kind". CloudNativePG and PodMonitor have no Java model here: their CRD schemas check them. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1 ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1 Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1 Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("apps/v1 Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("policy/v1 PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("autoscaling/v2 HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1 Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1 KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1 KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1 KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class));

    private Manifests() {
    }

    static final class RenderException extends RuntimeException {
        RenderException(String message) {
            super(message);
        }
    }

    /** {@code kubectl kustomize dir}, split into its documents. */
    static List<ObjectNode> render(Path kustomization) {
        Tools.Result result = Tools.run(List.of(Tools.kubectl(), "kustomize", kustomization.toString()), null);
        if (!result.ok()) {
            throw new RenderException("kubectl kustomize " + kustomization + " failed: " + result.stderr().strip());
        }
        return parseYaml(result.stdout());
    }

    static List<ObjectNode> parseYaml(String yaml) {
        try (var parser = YAML.createParser(yaml)) {
            List<ObjectNode> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc instanceof ObjectNode object) {
                    docs.add(object);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String key(JsonNode doc) {
        return doc.path("apiVersion").asText() + " " + doc.path("kind").asText();
    }

    static String describe(JsonNode doc) {
        return doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
    }

    /**
     * Problems the CRD schemas ({@link Schemas#CRDS}: CloudNativePG, Strimzi, Prometheus Operator) find in their
     * resources among {@code docs}, and every object neither {@link #MODELS} nor those schemas know (an unknown kind
     * or apiVersion is a problem too). Core and Strimzi kinds are read into their typed models by {@link #modelProblems}.
     */
    static List<String> schemaProblems(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode doc : docs) {
            var crdSchema = Schemas.CRDS.get(key(doc));
            if (crdSchema != null) {
                problems.addAll(Schemas.problems(crdSchema, doc, describe(doc)));
            } else if (!MODELS.containsKey(key(doc))) {
                problems.add(describe(doc) + ": unknown kind " + key(doc));
            }
        }
        return problems;
    }

    /** Problems found by reading each object into its typed model: wrong types, and keys the model does not have. */
    static List<String> modelProblems(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode doc : docs) {
            Class<?> model = MODELS.get(key(doc));
            if (model == null) {
                continue;
            }
            Object typed;
            try {
                typed = STRICT.treeToValue(doc, model);
            } catch (IOException | IllegalArgumentException e) {
                problems.add(describe(doc) + " does not parse as " + model.getName() + ": "
                        + e.getMessage().lines().findFirst().orElse(""));
                continue;
            }
            collectUnknownFields(typed, describe(doc), problems, new IdentityHashMap<>());
        }
        return problems;
    }

    // fabric8 and Strimzi models keep keys they do not know in getAdditionalProperties() instead of failing.
    private static void collectUnknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, problems, seen));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            collectUnknownFields(child, path + "." + field, problems, seen);
        }
    }
}
