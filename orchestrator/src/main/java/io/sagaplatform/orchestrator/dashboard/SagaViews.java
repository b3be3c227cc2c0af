package io.sagaplatform.orchestrator.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** What the dashboard API answers. */
public final class SagaViews {

    private SagaViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SagaSummary(UUID id, String type, UUID orderId, String status, String phase, String currentStep,
            int attempt, String failureReason, Instant startedAt, Instant updatedAt, Instant finishedAt,
            Long durationMs, Instant nextWakeUp) {
    }

    public record Page(List<SagaSummary> items, int page, int size, long total) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepView(String name, int stage, String kind, String status, int attempts, String commandType,
            String commandMessageId, String replyType, String replyMessageId, Instant startedAt, Instant finishedAt,
            Long durationMs, String compensationStatus, String compensationMessageId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineEntry(Instant at, String kind, String step, int attempt, String messageType,
            String messageId, String detail) {
    }

    public record SagaDetail(SagaSummary saga, JsonNode data, List<StepView> steps, List<TimelineEntry> timeline,
            List<String> allowedActions, List<String> compensationsIfForced, String waitingFor,
            List<ActionPreview> actions) {
    }

    /**
     * An operator action the saga's state allows, and every command it would send in order (compensations
     * newest step first): what the dashboard's confirmation dialog lists before the operator confirms.
     */
    public record ActionPreview(String action, List<PlannedCommand> sends) {
    }

    /** One command an action would send: the step, its wire type, and whether it undoes that step. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlannedCommand(String step, String messageType, boolean compensation) {
    }

    public record Stats(Instant from, Instant to, Map<String, Long> countsByStatus, long started, long finished,
            double startedPerSecond, double finishedPerSecond, Durations durationMs, long stuck) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Durations(Long p50, Long p90, Long p95, Long p99, Long max, long count) {
    }

    public record OperatorRequest(String reason) {
    }
}
