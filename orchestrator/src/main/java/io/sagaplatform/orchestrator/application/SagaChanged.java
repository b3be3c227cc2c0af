package io.sagaplatform.orchestrator.application;

import java.time.Instant;
import java.util.UUID;

/**
 * Fired after a saga's change committed; the dashboard's live stream forwards it. {@code key} is the saga's
 * correlation key (an order id for place-order), {@code version} the definition version it runs on.
 */
public record SagaChanged(UUID sagaId, String sagaType, int version, String key, String status, String step,
        Instant at) {
}
