package io.sagaplatform.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Reads schemas and golden files from the test classpath. */
final class TestResources {

    private TestResources() {
    }

    static String goldenResource(MessageType<?> type) {
        return "golden/" + type.name() + ".v" + type.version() + ".json";
    }

    static Optional<byte[]> bytes(String resource) {
        try (InputStream in = TestResources.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] golden(MessageType<?> type) {
        return bytes(goldenResource(type))
                .orElseThrow(() -> new AssertionError("no golden file " + goldenResource(type)));
    }

    static JsonNode json(byte[] bytes) {
        try {
            return WireFormat.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode schema(MessageType<?> type) {
        return json(bytes(type.schemaResource())
                .orElseThrow(() -> new AssertionError("no schema " + type.schemaResource())));
    }

    /**
     * {@code node} with object keys sorted, so that comparing two canonical texts ignores key order (not
     * part of JSON's meaning) but not number scale ({@code 59.90} vs {@code 59.9}), which tree equality
     * would let through.
     */
    static String canonical(JsonNode node) {
        return pretty(sorted(node));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = WireFormat.mapper().createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            names.forEach(name -> out.set(name, sorted(node.get(name))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = WireFormat.mapper().createArrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    static String pretty(JsonNode node) {
        try {
            return WireFormat.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
