package io.sagaplatform.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that turns messages into wire JSON and back.
 *
 * <p>The JSON Schema of a {@link MessageType} is the contract: {@link #decode} validates the payload
 * against it before mapping, so a consumer never sees a half-valid record, and {@link #encode} validates
 * what it wrote, so a producer can never publish something its consumers will dead-letter. Because the
 * schemas forbid unknown properties, the mapper itself is lenient about them. Compiled schemas are
 * cached; every method is thread-safe.
 */
public final class WireFormat {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // Instants as ISO-8601 strings, never epoch numbers.
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Money: 10.50 stays 10.50, never 1.05E+1, and is never read through a double.
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            // The schema decides what is allowed; the mapper must not second-guess it...
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // ...but must never invent a 0 or false for a missing primitive.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static final SchemaValidatorsConfig SCHEMA_CONFIG = SchemaValidatorsConfig.builder()
            // Draft 2020-12 treats "format" as an annotation by default; uuid and date-time must be enforced.
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .build();

    private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private WireFormat() {
    }

    /**
     * The shared, pre-configured mapper for wire JSON. Do not reconfigure it; use {@code mapper().copy()}
     * for a variant.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The message as UTF-8 JSON, checked against the schema of its registered type.
     *
     * @throws IllegalArgumentException if the message's class is not registered in {@link MessageTypes}
     * @throws InvalidMessageException  if the message violates its schema (e.g. a null required field)
     */
    public static byte[] encode(Message message) {
        Objects.requireNonNull(message, "message");
        MessageType<? extends Message> type = MessageTypes.of(message.getClass());
        // one pass from the record to a tree, checked, then written: no text is produced only to be parsed again
        JsonNode tree;
        try {
            tree = MAPPER.valueToTree(message);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot write " + type + " as JSON", e);
        }
        validate(type, tree);
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + type + " as JSON", e);
        }
    }

    /**
     * Validates {@code json} against the schema of {@code type}, then maps it to the record.
     *
     * @throws InvalidMessageException if the bytes are not JSON or violate the schema
     */
    public static <T extends Message> T decode(MessageType<T> type, byte[] json) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(json, "json");
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException(type + ": not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        validate(type, tree);
        try {
            return MAPPER.treeToValue(tree, type.javaType());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidMessageException(
                    type + ": valid by its schema but does not map to " + type.javaType().getSimpleName()
                            + ": " + e.getMessage(), e);
        }
    }

    /**
     * Validates {@code json} against the schema of {@code type}.
     *
     * @throws InvalidMessageException listing every violation, each with its JSON path
     */
    public static void validate(MessageType<?> type, JsonNode json) {
        Objects.requireNonNull(type, "type");
        if (json == null || json.isMissingNode()) {
            throw new InvalidMessageException(type + ": not JSON: no content", List.of());
        }
        List<String> violations = schemaOf(type).validate(json).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(
                    type + " violates its schema: " + String.join("; ", violations), violations);
        }
    }

    private static JsonSchema schemaOf(MessageType<?> type) {
        return COMPILED.computeIfAbsent(type.schemaResource(), WireFormat::compile);
    }

    private static JsonSchema compile(String resource) {
        try (InputStream in = WireFormat.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no JSON Schema on the classpath at " + resource);
            }
            return SCHEMAS.getSchema(MAPPER.readTree(in), SCHEMA_CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON Schema " + resource, e);
        }
    }
}
