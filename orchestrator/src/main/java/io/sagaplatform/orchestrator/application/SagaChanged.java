package io.sagaplatform.orchestrator.application;

import java.time.Instant;
import java.util.UUID;

/** Fired after a saga's change committed; the dashboard's live stream forwards it. */
public record SagaChanged(UUID sagaId, String sagaType, UUID orderId, String status, String step, Instant at) {
}
