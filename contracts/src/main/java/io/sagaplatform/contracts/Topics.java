package io.sagaplatform.contracts;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Kafka topic names, {@code <context>.<kind>}.
 *
 * <p>Keys: commands and replies are keyed by saga id (one saga's messages stay ordered on one
 * partition); events are keyed by the id of the aggregate they describe.
 */
public final class Topics {

    /** Events about orders ({@code OrderPlaced}, {@code OrderCancellationRequested}), published by order-service, keyed by order id. */
    public static final String ORDER_EVENTS = "order.events";
    /** Commands to order-service (approve / reject / cancel / refuse cancellation), sent by the orchestrator, keyed by saga id. */
    public static final String ORDER_COMMANDS = "order.commands";
    /** Commands to inventory-service (reserve / release / restock), keyed by saga id. */
    public static final String INVENTORY_COMMANDS = "inventory.commands";
    /** Commands to payment-service (authorize / void / capture / refund), keyed by saga id. */
    public static final String PAYMENT_COMMANDS = "payment.commands";
    /** Commands to shipping-service (schedule / cancel / withdraw), keyed by saga id. */
    public static final String SHIPPING_COMMANDS = "shipping.commands";
    /** Every participant's replies to the orchestrator, keyed by saga id. */
    public static final String SAGA_REPLIES = "saga.replies";
    /** Saga lifecycle events (started, completed, compensated, failed), keyed by saga id. */
    public static final String SAGA_EVENTS = "saga.events";

    private static final String DEAD_LETTER_SUFFIX = ".dlq";
    private static final int MAX_NAME_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    private static final List<String> ALL = List.of(
            ORDER_EVENTS, ORDER_COMMANDS, INVENTORY_COMMANDS, PAYMENT_COMMANDS, SHIPPING_COMMANDS,
            SAGA_REPLIES, SAGA_EVENTS);

    private Topics() {
    }

    /**
     * The dead-letter topic for {@code topic}: {@code <topic>.dlq}.
     *
     * @throws IllegalArgumentException if {@code topic}, or its dead-letter name, is not a valid topic name
     */
    public static String deadLetter(String topic) {
        if (!isValidName(topic)) {
            throw new IllegalArgumentException("not a valid Kafka topic name: " + topic);
        }
        String deadLetter = topic + DEAD_LETTER_SUFFIX;
        if (!isValidName(deadLetter)) {
            throw new IllegalArgumentException("dead-letter topic name would be too long: " + deadLetter);
        }
        return deadLetter;
    }

    /** Every platform topic (not their dead-letter topics), in a stable order. */
    public static List<String> all() {
        return ALL;
    }

    /**
     * Whether Kafka accepts {@code name} as a topic name: 1 to 249 characters from
     * {@code [a-zA-Z0-9._-]}, and neither {@code "."} nor {@code ".."}.
     */
    public static boolean isValidName(String name) {
        return name != null
                && !name.isEmpty()
                && name.length() <= MAX_NAME_LENGTH
                && !name.equals(".")
                && !name.equals("..")
                && LEGAL.matcher(name).matches();
    }
}
