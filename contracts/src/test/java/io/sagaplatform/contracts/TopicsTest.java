package io.sagaplatform.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicsTest {

    @Test
    void deadLetterTopicAppendsDlq() {
        assertEquals("inventory.commands.dlq", Topics.deadLetter(Topics.INVENTORY_COMMANDS));
        assertEquals("saga.replies.dlq", Topics.deadLetter(Topics.SAGA_REPLIES));
    }

    @Test
    void deadLetterRefusesAnInvalidOrTooLongTopic() {
        assertThrows(IllegalArgumentException.class, () -> Topics.deadLetter("orders events"));
        assertThrows(IllegalArgumentException.class, () -> Topics.deadLetter("t".repeat(247)));
    }

    @Test
    void allListsTheSevenPlatformTopicsEachValidWithAValidDeadLetter() {
        assertEquals(Set.of("order.events", "order.commands", "inventory.commands", "payment.commands",
                "shipping.commands", "saga.replies", "saga.events"), Set.copyOf(Topics.all()));
        assertEquals(7, Topics.all().size());
        for (String topic : Topics.all()) {
            assertTrue(Topics.isValidName(topic), topic);
            assertTrue(Topics.isValidName(Topics.deadLetter(topic)), topic);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"order.events", "a", "A-Z_0-9.x", "..."})
    void acceptsLegalKafkaTopicNames(String name) {
        assertTrue(Topics.isValidName(name));
    }

    @Test
    void acceptsTheLongestLegalName() {
        assertTrue(Topics.isValidName("t".repeat(249)));
        assertFalse(Topics.isValidName("t".repeat(250)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", "order events", "order/events", "ordre:events", "commandes.é"})
    void rejectsIllegalKafkaTopicNames(String name) {
        assertFalse(Topics.isValidName(name));
    }
}
