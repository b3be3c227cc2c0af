package io.sagaplatform.contracts;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadersTest {

    @Test
    void headerNamesAreDistinctLowerCaseAndCloudEventsAttributesArePrefixed() throws IllegalAccessException {
        Set<String> names = new HashSet<>();
        for (Field field : Headers.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getName().equals("SPEC_VERSION")
                    || field.getName().equals("JSON")) {
                continue;
            }
            String name = (String) field.get(null);
            assertTrue(names.add(name), "header name used twice: " + name);
            assertEquals(name.toLowerCase(), name, field.getName());
            if (field.getName().startsWith("CE_")) {
                assertTrue(name.startsWith("ce_"), field.getName());
            }
        }
        assertEquals(21, names.size()); // a new header is a wire change: count it here on purpose
    }

    @Test
    void envelopeValuesFollowCloudEventsOne() {
        assertEquals("1.0", Headers.SPEC_VERSION);
        assertEquals("application/json", Headers.JSON);
    }
}
