package io.sagaplatform.messaging.participant;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;

/** The commands a participant answers, each with its handler: {@code commands.on(RESERVE_INVENTORY, this::reserve)}. */
public final class CommandTable {

    private final Map<MessageType<?>, CommandHandler<?>> handlers = new LinkedHashMap<>();

    /**
     * Registers the handler of one command type.
     *
     * @throws IllegalStateException when the type already has one
     */
    public <C extends Message> CommandTable on(MessageType<C> type, CommandHandler<C> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("Two handlers for command " + type.name());
        }
        return this;
    }

    /** The registered handlers, in registration order. */
    public Map<MessageType<?>, CommandHandler<?>> handlers() {
        return Collections.unmodifiableMap(handlers);
    }
}
