package io.sagaplatform.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.sagaplatform.contracts.TestResources.bytes;
import static io.sagaplatform.contracts.TestResources.goldenResource;
import static io.sagaplatform.contracts.TestResources.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTypesTest {

    static List<MessageType<?>> types() {
        return MessageTypes.all();
    }

    @Test
    void everyRegisteredTypeHasASchemaAGoldenFileAndAnExample() {
        List<String> missing = new ArrayList<>();
        for (MessageType<?> type : MessageTypes.all()) {
            if (bytes(type.schemaResource()).isEmpty()) {
                missing.add(type + ": schema " + type.schemaResource());
            }
            if (bytes(goldenResource(type)).isEmpty()) {
                missing.add(type + ": golden file " + goldenResource(type));
            }
            if (!Examples.all().containsKey(type)) {
                missing.add(type + ": example in Examples");
            }
        }
        assertTrue(missing.isEmpty(), () -> "missing:\n" + String.join("\n", missing));
        assertEquals(Set.copyOf(MessageTypes.all()), Examples.all().keySet(), "examples for unregistered types");
    }

    @Test
    void wireNamesAndVersionsAreUniqueAndEachRecordIsRegisteredOnce() {
        Set<String> nameVersions = new HashSet<>();
        Set<Class<?>> records = new HashSet<>();
        for (MessageType<?> type : MessageTypes.all()) {
            assertTrue(nameVersions.add(type.name() + " v" + type.version()), "registered twice: " + type);
            assertTrue(records.add(type.javaType()), "record registered twice: " + type.javaType());
        }
    }

    @Test
    void everyTypeIsVersionOneOfARecordInItsContextsPackage() {
        for (MessageType<?> type : MessageTypes.all()) {
            assertEquals(1, type.version(), type::toString);
            assertTrue(type.javaType().isRecord(), () -> type + " is not a record");
            assertEquals("io.sagaplatform.contracts." + type.context(), type.javaType().getPackageName(),
                    () -> type + " lives outside its context's package");
        }
    }

    @Test
    void noSchemaOrGoldenFileExistsWithoutARegisteredType() throws IOException {
        Set<String> expected = MessageTypes.all().stream()
                .flatMap(type -> Stream.of(type.schemaResource(), goldenResource(type)))
                .collect(Collectors.toSet());
        Set<String> found = new HashSet<>();
        found.addAll(filesUnder("io/sagaplatform/contracts", ".schema.json"));
        found.addAll(filesUnder("golden", ".json"));
        assertTrue(found.containsAll(expected), "the classpath scan must see every registered file");
        found.removeAll(expected);
        assertTrue(found.isEmpty(), () -> "files for no registered type: " + found);
    }

    @Test
    void schemaResourceFollowsContextNameAndVersion() {
        assertEquals("io/sagaplatform/contracts/inventory/ReserveInventory.v1.schema.json",
                MessageTypes.RESERVE_INVENTORY.schemaResource());
        assertEquals("io/sagaplatform/contracts/saga/SagaStarted.v7.schema.json",
                new MessageType<>("saga.SagaStarted", 7, io.sagaplatform.contracts.saga.SagaStarted.class)
                        .schemaResource());
    }

    @Test
    void messageTypeRejectsMalformedNamesAndVersions() {
        assertThrows(IllegalArgumentException.class,
                () -> new MessageType<>("ReserveInventory", 1, InventoryReserved.class));
        assertThrows(IllegalArgumentException.class,
                () -> new MessageType<>("inventory.InventoryReserved", 0, InventoryReserved.class));
    }

    @Test
    void lookupByNameFindsTheRegisteredType() {
        assertSame(MessageTypes.RESERVE_INVENTORY, MessageTypes.byName("inventory.ReserveInventory").orElseThrow());
        assertSame(MessageTypes.RESERVE_INVENTORY,
                MessageTypes.byName("inventory.ReserveInventory", 1).orElseThrow());
        assertTrue(MessageTypes.byName("inventory.ReserveInventory", 2).isEmpty(), "unknown version");
        assertTrue(MessageTypes.byName("inventory.Unheard").isEmpty());
        assertTrue(MessageTypes.byName("ReserveInventory").isEmpty(), "class names are not wire names");
    }

    @Test
    void lookupByClassFindsTheRegisteredType() {
        assertSame(MessageTypes.INVENTORY_RESERVED, MessageTypes.of(InventoryReserved.class));
    }

    @Test
    void lookupByClassRejectsAnUnregisteredClass() {
        record Unregistered(UUID orderId) implements Message {
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MessageTypes.of(Unregistered.class));
        assertTrue(e.getMessage().contains("Unregistered"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void schemaIsAValidDraft202012Schema(MessageType<?> type) {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        JsonNode schema = schema(type);

        Set<ValidationMessage> problems = metaSchema.validate(schema);

        assertTrue(problems.isEmpty(), () -> type.schemaResource() + ": " + problems);
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
    }

    /**
     * The schema and the record are written by hand; this keeps them describing the same thing, down to
     * nested records and enum constants.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void schemaDescribesExactlyTheRecordsComponents(MessageType<?> type) {
        JsonNode schema = schema(type);
        assertRecordMatches(type.javaType(), schema, schema, type.name());
    }

    private static void assertRecordMatches(Class<?> record, JsonNode node, JsonNode root, String path) {
        JsonNode object = resolve(node, root);
        assertEquals("object", object.path("type").asText(), path + " type");
        assertFalse(object.path("additionalProperties").asBoolean(true), path + " must forbid additional properties");

        List<String> components = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
        List<String> properties = new ArrayList<>();
        object.path("properties").fieldNames().forEachRemaining(properties::add);
        List<String> required = new ArrayList<>();
        object.path("required").forEach(name -> required.add(name.asText()));
        assertEquals(components, properties, path + ": schema properties vs record components");
        assertEquals(components, required, path + ": every component is required");

        for (RecordComponent component : record.getRecordComponents()) {
            assertComponentMatches(component, object.path("properties").path(component.getName()), root,
                    path + "." + component.getName());
        }
    }

    private static void assertComponentMatches(RecordComponent component, JsonNode node, JsonNode root, String path) {
        Class<?> javaType = component.getType();
        JsonNode property = resolve(node, root);
        if (javaType.isRecord()) {
            assertRecordMatches(javaType, property, root, path);
        } else if (javaType == List.class) {
            assertEquals("array", property.path("type").asText(), path);
            assertTrue(property.path("minItems").asInt() >= 1, path + " minItems");
            assertTrue(property.has("maxItems"), path + " maxItems");
            Class<?> element = (Class<?>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
            assertRecordMatches(element, property.path("items"), root, path + "[]");
        } else if (javaType.isEnum()) {
            List<String> constants = Arrays.stream(javaType.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
            List<String> allowed = new ArrayList<>();
            property.path("enum").forEach(value -> allowed.add(value.asText()));
            assertEquals(constants, allowed, path + " enum");
        } else if (javaType == UUID.class) {
            assertEquals("string", property.path("type").asText(), path);
            assertEquals("uuid", property.path("format").asText(), path);
        } else if (javaType == Instant.class) {
            assertEquals("string", property.path("type").asText(), path);
            assertEquals("date-time", property.path("format").asText(), path);
        } else if (javaType == BigDecimal.class) {
            assertEquals("number", property.path("type").asText(), path);
            assertEquals(0, new BigDecimal("0.01").compareTo(property.path("multipleOf").decimalValue()), path);
        } else if (javaType == int.class) {
            assertEquals("integer", property.path("type").asText(), path);
        } else if (javaType == boolean.class) {
            assertEquals("boolean", property.path("type").asText(), path);
        } else if (javaType == String.class) {
            JsonNode type = property.path("type");
            assertTrue(type.asText().equals("string") || type.toString().equals("[\"string\",\"null\"]"), path);
            assertTrue(property.has("maxLength") || property.has("pattern"), path + " needs a maxLength or pattern");
        } else {
            throw new AssertionError(path + ": no schema rule for component type " + javaType);
        }
    }

    private static JsonNode resolve(JsonNode node, JsonNode root) {
        String ref = node.path("$ref").asText("");
        if (ref.isEmpty()) {
            return node;
        }
        assertTrue(ref.startsWith("#/"), "only local $refs: " + ref);
        JsonNode target = root.at(ref.substring(1));
        assertFalse(target.isMissingNode(), "dangling $ref " + ref);
        return target;
    }

    /** Resource names ending in {@code suffix} below {@code resourceDir}, in every classpath directory. */
    private static List<String> filesUnder(String resourceDir, String suffix) throws IOException {
        List<String> names = new ArrayList<>();
        Enumeration<URL> roots = MessageTypesTest.class.getClassLoader().getResources(resourceDir);
        while (roots.hasMoreElements()) {
            URL url = roots.nextElement();
            assertEquals("file", url.getProtocol(), "resources are not a directory: " + url);
            Path dir;
            try {
                dir = Paths.get(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile)
                        .map(file -> resourceDir + "/" + dir.relativize(file).toString().replace('\\', '/'))
                        .filter(name -> name.endsWith(suffix))
                        .forEach(names::add);
            }
        }
        return names;
    }
}
