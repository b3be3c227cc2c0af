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

    /**
     * One saga: its type and the definition version it runs on, its correlation key ({@code key}) and what its
     * definition calls that key ({@code keyName}, e.g. orderId; absent for a type no longer registered).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SagaSummary(UUID id, String type, int version, String keyName, String key, String status,
            String phase, String currentStep, int attempt, String failureReason, Instant startedAt, Instant updatedAt,
            Instant finishedAt, Long durationMs, Instant nextWakeUp) {
    }

    /**
     * A registered saga type: what its sagas are about, the version new sagas start on, and every version that
     * registered or still has open sagas.
     */
    public record Definition(String type, String aggregateType, String keyName, int currentVersion,
            List<DefinitionVersion> versions) {
    }

    /**
     * One version of a saga type: whether new sagas start on it, whether this orchestrator still has it
     * ({@code registered: false} with open sagas means they are refused: FAILED, version no longer registered), its
     * stages (the step names of each, side by side within one), and its sagas still RUNNING, COMPENSATING or FAILED,
     * by status. A version may go once {@code open} is 0.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DefinitionVersion(int version, boolean current, boolean registered, List<List<String>> stages,
            List<DefinitionStep> steps, long open, Map<String, Long> openByStatus) {
    }

    /**
     * One step of a registered definition, for drawing it: its stage (the steps of one stage run side by side), its
     * kind (COMPENSATABLE, PIVOT, RETRIABLE), whether it sends a command going forward ({@code action}), the replies
     * that mean it succeeded or failed, and — when it has a compensation — the replies that confirm it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DefinitionStep(String name, int stage, String kind, boolean action, List<String> succeedsOn,
            List<String> failsOn, boolean compensation, List<String> compensationConfirmedBy) {
    }

    /**
     * One page of the list. {@code total} is exact up to the count cap; beyond it {@code totalIsLowerBound} is true
     * and {@code total} is the cap ("10000+"): counting a million rows on every page is what it avoids.
     */
    public record Page(List<SagaSummary> items, int page, int size, long total, boolean totalIsLowerBound) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepView(String name, int stage, String kind, String status, int attempts, String commandType,
            String commandMessageId, String replyType, String replyMessageId, Instant startedAt, Instant finishedAt,
            Long durationMs, String compensationStatus, String compensationMessageId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineEntry(long id, Instant at, String kind, String step, int attempt, String messageType,
            String messageId, String detail) {
    }

    /**
     * {@code timeline} holds the latest entries only (at most the timeline limit, oldest first); when older ones
     * exist {@code timelineTruncated} is true and {@code olderBefore} is the id to page back from
     * ({@code GET /sagas/{id}/timeline?before=}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SagaDetail(SagaSummary saga, JsonNode data, List<StepView> steps, List<TimelineEntry> timeline,
            boolean timelineTruncated, Long olderBefore, List<String> allowedActions, List<String> compensationsIfForced,
            String waitingFor, List<ActionPreview> actions) {
    }

    /** Older timeline entries, oldest first, ending just before the id asked for; {@code olderBefore} pages on. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelinePage(List<TimelineEntry> entries, Long olderBefore) {
    }

    /**
     * An operator action the saga's state allows, and every command it would send in order (compensations
     * newest step first): what the dashboard's confirmation dialog lists before the operator confirms.
     */
    public record ActionPreview(String action, List<CommandPreview> sends) {
    }

    /** One command an action would send: the step, its wire type, and whether it undoes that step. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommandPreview(String step, String messageType, boolean compensation) {
    }

    /**
     * The stats as computed at {@code computedAt} (= {@code to}); a cached answer is at most {@code maxAgeSeconds}
     * old (plus the time a refresh takes). Percentiles and max are over {@code durationMs.count} sagas: the latest
     * finished in the window, up to the sample size; {@code finished} counts all of them.
     */
    public record Stats(Instant from, Instant to, Map<String, Long> countsByStatus, long started, long finished,
            double startedPerSecond, double finishedPerSecond, Durations durationMs, long stuck, Instant computedAt,
            long maxAgeSeconds) implements CachedAnswers.Answer<Stats> {

        @Override
        public Stats withMaxAge(long seconds) {
            return new Stats(from, to, countsByStatus, started, finished, startedPerSecond, finishedPerSecond,
                    durationMs, stuck, computedAt, seconds);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Durations(Long p50, Long p90, Long p95, Long p99, Long max, long count) {
    }

    /**
     * Sagas finished over a window, in {@code buckets} of {@code bucketSeconds} each (oldest first, the last ends at
     * {@code to}): how many ended in each final status, and the duration percentiles of all of them.
     */
    public record Series(Instant from, Instant to, long bucketSeconds, List<Bucket> buckets, Instant computedAt,
            long maxAgeSeconds) implements CachedAnswers.Answer<Series> {

        @Override
        public Series withMaxAge(long seconds) {
            return new Series(from, to, bucketSeconds, buckets, computedAt, seconds);
        }
    }

    /** One bucket of a {@link Series}: from {@code start} for the series' bucketSeconds; percentiles absent when empty. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bucket(Instant start, long completed, long compensated, long failed, long aborted, Long p50,
            Long p95, Long p99) {
    }

    /**
     * Where the sagas of one type and version stand, step by step ({@code steps} in the definition's order): how many
     * open sagas wait at each step now, and how many failed at it or were compensated from it within the window.
     */
    public record Heatmap(String type, int version, Instant from, Instant to, List<StepHeat> steps,
            Instant computedAt, long maxAgeSeconds) implements CachedAnswers.Answer<Heatmap> {

        @Override
        public Heatmap withMaxAge(long seconds) {
            return new Heatmap(type, version, from, to, steps, computedAt, seconds);
        }
    }

    /**
     * One step of a {@link Heatmap}. {@code running}, {@code compensating}, {@code failedHere}: open sagas waiting at
     * the step now — going forward, undoing it, or FAILED there waiting for an operator. {@code failed}: sagas whose
     * step failed within the window (a failure reply, its retries ran out, or its participant dead-lettered the
     * command); {@code compensated}: sagas whose step was undone within the window.
     */
    public record StepHeat(String name, int stage, long running, long compensating, long failedHere, long failed,
            long compensated) {
    }

    public record OperatorRequest(String reason) {
    }
}
