package io.sagaplatform.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * JSON schemas vendored under {@code src/test/resources/schemas} (README there: source, version, sha256,
 * licence), applied with networknt json-schema-validator — no tool outside the JVM.
 */
final class Schemas {

    private static final JsonSchemaFactory DRAFT_7 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    /** The compose-spec schema, as {@code docker compose config} applies it. */
    static final JsonSchema COMPOSE = DRAFT_7.getSchema(SchemaLocation.of("classpath:schemas/compose-spec.json"));

    /**
     * The CRD schemas of the custom resources — CloudNativePG's, Strimzi's and the Prometheus Operator's — by
     * "apiVersion kind", from the operators' releases named in the README.
     */
    static final Map<String, JsonSchema> CRDS = Map.of(
            "postgresql.cnpg.io/v1 Cluster", crd("postgresql.cnpg.io_clusters.yaml", "v1"),
            "postgresql.cnpg.io/v1 Database", crd("postgresql.cnpg.io_databases.yaml", "v1"),
            "kafka.strimzi.io/v1 Kafka", crd("strimzi-040-Crd-kafka.yaml", "v1"),
            "kafka.strimzi.io/v1 KafkaTopic", crd("strimzi-043-Crd-kafkatopic.yaml", "v1"),
            "kafka.strimzi.io/v1 KafkaUser", crd("strimzi-044-Crd-kafkauser.yaml", "v1"),
            "kafka.strimzi.io/v1 KafkaNodePool", crd("strimzi-045-Crd-kafkanodepool.yaml", "v1"),
            "monitoring.coreos.com/v1 PodMonitor", crd("monitoring.coreos.com_podmonitors.yaml", "v1"));

    private Schemas() {
    }

    /** What {@code schema} finds wrong in {@code doc}, each message prefixed with {@code what}. */
    static List<String> problems(JsonSchema schema, JsonNode doc, String what) {
        Set<ValidationMessage> messages = schema.validate(doc);
        return messages.stream().map(m -> what + ": " + m.getMessage()).sorted().toList();
    }

    /**
     * The openAPIV3Schema of one version of a CustomResourceDefinition, made strict as the API server's field
     * validation is ({@code kubectl apply --validate=strict}, the default): a key the schema does not declare is an
     * error, not silently pruned. The resource's metadata is left to the API server.
     */
    private static JsonSchema crd(String file, String version) {
        JsonNode crd = Manifests.parseYaml(new String(bytes(file), StandardCharsets.UTF_8)).get(0);
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals(version)) {
                ObjectNode schema = v.path("schema").path("openAPIV3Schema").deepCopy();
                closeObjects(schema);
                ((ObjectNode) schema.path("properties")).putObject("metadata").put("type", "object");
                return DRAFT_7.getSchema(schema);
            }
        }
        throw new IllegalStateException(file + " has no version " + version);
    }

    // An object schema with declared properties and neither additionalProperties nor
    // x-kubernetes-preserve-unknown-fields admits no other key.
    private static void closeObjects(ObjectNode schema) {
        if (schema.has("properties") && !schema.has("additionalProperties")
                && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            schema.put("additionalProperties", false);
        }
        schema.path("properties").forEach(Schemas::closeSubschema);
        closeSubschema(schema.path("items"));
        closeSubschema(schema.path("additionalProperties"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(combinator).forEach(Schemas::closeSubschema);
        }
    }

    private static void closeSubschema(JsonNode node) {
        if (node instanceof ObjectNode object) {
            closeObjects(object);
        }
    }

    private static byte[] bytes(String file) {
        try (InputStream in = Schemas.class.getResourceAsStream("/schemas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("schemas/" + file + " is not on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
