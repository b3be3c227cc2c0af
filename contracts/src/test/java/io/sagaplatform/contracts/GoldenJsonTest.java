package io.sagaplatform.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static io.sagaplatform.contracts.TestResources.golden;
import static io.sagaplatform.contracts.TestResources.goldenResource;
import static io.sagaplatform.contracts.TestResources.json;
import static io.sagaplatform.contracts.TestResources.canonical;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The golden files are the wire contract as reviewers see it. Renaming a field, changing a type or a
 * date format, or dropping a trailing zero from an amount makes one of these fail: then either revert,
 * or add a new version (new constant, schema and golden file) and leave version 1 alone.
 */
class GoldenJsonTest {

    static List<MessageType<?>> types() {
        return MessageTypes.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void encodesTheExampleExactlyAsTheGoldenFile(MessageType<?> type) {
        JsonNode expected = json(golden(type));
        JsonNode actual = json(WireFormat.encode(Examples.of(type)));

        assertEquals(canonical(expected), canonical(actual),
                () -> "wire JSON of " + type + " differs from " + goldenResource(type));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void decodesTheGoldenFileToTheExample(MessageType<?> type) {
        assertEquals(Examples.of(type), WireFormat.decode(type, golden(type)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void decodingWhatWasEncodedGivesBackTheExample(MessageType<?> type) {
        Message example = Examples.of(type);

        assertEquals(example, WireFormat.decode(type, WireFormat.encode(example)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void goldenFileSatisfiesItsSchema(MessageType<?> type) {
        assertDoesNotThrow(() -> WireFormat.validate(type, json(golden(type))));
    }
}
