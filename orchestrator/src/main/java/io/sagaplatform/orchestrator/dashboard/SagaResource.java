package io.sagaplatform.orchestrator.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.sagaplatform.orchestrator.application.SagaChanged;
import io.sagaplatform.orchestrator.application.SagaRegistry;
import io.sagaplatform.orchestrator.application.Sagas;
import io.sagaplatform.orchestrator.application.UnknownSaga;
import io.sagaplatform.orchestrator.engine.IllegalSagaAction;
import io.sagaplatform.orchestrator.engine.OperatorAction;
import io.sagaplatform.orchestrator.engine.SagaEngine;
import io.sagaplatform.orchestrator.engine.SagaState;
import io.sagaplatform.orchestrator.engine.SagaStatus;
import io.sagaplatform.orchestrator.persistence.SagaInstanceEntity;
import io.sagaplatform.orchestrator.persistence.SagaStore;
import io.sagaplatform.orchestrator.persistence.SagaTimelineEntity;
import io.sagaplatform.orchestrator.persistence.UnreadableSaga;
import io.sagaplatform.rest.Problem;
import io.sagaplatform.rest.ProblemException;
import io.sagaplatform.rest.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;

@Path("/sagas")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sagas", description = "What every saga is doing, and the operator's actions on it")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
public class SagaResource {

    private static final Logger LOG = Logger.getLogger(SagaResource.class);

    private final SagaQueries queries;
    private final SagaRegistry registry;
    private final SagaStore store;
    private final Sagas sagas;
    private final SagaStream stream;
    private final ObjectMapper json;
    private final SecurityIdentity caller;
    private final OrderServiceDoor door;
    private final SagaStats stats;
    private final int countCap;
    private final int timelineLimit;

    SagaResource(SagaQueries queries, SagaRegistry registry, SagaStore store, Sagas sagas, SagaStream stream, ObjectMapper json,
            SecurityIdentity caller, OrderServiceDoor door, SagaStats stats,
            @ConfigProperty(name = "saga.orchestrator.dashboard.count-cap", defaultValue = "10000") int countCap,
            @ConfigProperty(name = "saga.orchestrator.dashboard.timeline-limit", defaultValue = "500") int timelineLimit) {
        this.caller = caller;
        this.stats = stats;
        this.countCap = countCap;
        this.timelineLimit = timelineLimit;
        this.door = door;
        this.queries = queries;
        this.registry = registry;
        this.store = store;
        this.sagas = sagas;
        this.stream = stream;
        this.json = json;
    }

    @GET
    @Operation(summary = "Sagas, newest first", description = "Every filter is optional. stuckFor (ISO-8601 duration,"
            + " e.g. PT5M) keeps stuck sagas: FAILED ones, and RUNNING or COMPENSATING ones that have not changed for"
            + " that long or are resending a command nobody answered. total is exact up to the count cap"
            + " (saga.orchestrator.dashboard.count-cap, 10000); beyond it totalIsLowerBound is true and total is the cap."
            + " Pages start within the first count-cap sagas: to go further back, narrow the filter (e.g. to=).")
    @APIResponse(responseCode = "400", description = "A bad filter, or a page starting past the count cap",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SagaViews.Page list(
            @QueryParam("status") @Parameter(description = "RUNNING, COMPENSATING, COMPLETED, COMPENSATED, FAILED, ABORTED")
            String status,
            @QueryParam("type") @Parameter(description = "saga type, e.g. place-order") String type,
            @QueryParam("version") @Parameter(description = "definition version (with type: the sagas of one version)")
            String version,
            @QueryParam("key") @Parameter(description = "correlation key: what the saga is about, e.g. an order id")
            String key,
            @QueryParam("orderId") @Parameter(description = "an order id: the same as key, kept for callers of old")
            String orderId,
            @QueryParam("from") @Parameter(description = "started at or after (ISO-8601 instant)") String from,
            @QueryParam("to") @Parameter(description = "started before (ISO-8601 instant)") String to,
            @QueryParam("stuckFor") String stuckFor,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        SagaQueries.Filter filter = new SagaQueries.Filter(
                parse("status", status, s -> SagaStatus.valueOf(s.toUpperCase()), "one of "
                        + Arrays.toString(SagaStatus.values())),
                Optional.ofNullable(type).filter(t -> !t.isBlank()).map(String::trim),
                parse("version", version, Integer::valueOf, "a definition version such as 2"),
                key(key, orderId),
                parse("from", from, Instant::parse, "an ISO-8601 instant such as 2026-11-23T10:00:00Z"),
                parse("to", to, Instant::parse, "an ISO-8601 instant such as 2026-11-23T10:00:00Z"),
                parse("stuckFor", stuckFor, Duration::parse, "an ISO-8601 duration such as PT5M"));
        if (page > 0 && (long) page * size >= countCap) {
            // a deep OFFSET reads every row it skips; past the cap the total is not known anyway
            throw new ProblemException(Problem.of(400, "Bad Request", "invalid-parameter", "Pages start within the"
                    + " newest " + countCap + " matching sagas; to go further back, narrow the filter, e.g."
                    + " to=<startedAt of the last saga seen>")
                    .withViolations(List.of(new Problem.Violation("page", "page * size must be below " + countCap))));
        }
        List<SagaViews.SagaSummary> items = queries.list(filter, page, size).stream().map(this::summary).toList();
        SagaQueries.Total total = queries.count(filter, countCap);
        return new SagaViews.Page(items, page, size, total.value(), total.lowerBound());
    }

    @GET
    @Path("/definitions")
    @Operation(summary = "Every saga type this orchestrator runs, and its definition versions",
            description = "Per type: what its sagas are about (aggregateType, keyName), the version new sagas start on"
                    + " (saga.definitions.<type>.current-version), and per version whether it is registered, its stages,"
                    + " and how many of its sagas are still RUNNING, COMPENSATING or FAILED (open). An old version may"
                    + " be removed from the code once its open count is 0; a version with open sagas that is no longer"
                    + " registered shows registered: false (its sagas are failed when they next move).")
    public List<SagaViews.Definition> definitions() {
        List<SagaQueries.OpenSagas> open = queries.openByVersion();
        java.util.Set<String> types = new java.util.TreeSet<>(registry.types());
        open.forEach(row -> types.add(row.type()));
        return types.stream().map(type -> {
            java.util.SortedSet<Integer> versions = new java.util.TreeSet<>(registry.versions(type));
            open.stream().filter(row -> row.type().equals(type)).forEach(row -> versions.add(row.version()));
            List<SagaViews.DefinitionVersion> views = versions.stream().map(v -> {
                java.util.Map<String, Long> byStatus = new java.util.TreeMap<>();
                open.stream().filter(row -> row.type().equals(type) && row.version() == v)
                        .forEach(row -> byStatus.put(row.status(), row.count()));
                boolean registered = registry.versions(type).contains(v);
                var definition = registered ? registry.engine(type, v).orElseThrow().definition() : null;
                return new SagaViews.DefinitionVersion(v, registered && registry.currentVersion(type) == v, registered,
                        registered ? StepViews.stageNames(definition) : null,
                        registered ? StepViews.definitionSteps(definition) : null,
                        byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus);
            }).toList();
            boolean known = !registry.versions(type).isEmpty();
            var current = known ? registry.current(type).definition() : null;
            return new SagaViews.Definition(type, known ? current.aggregateType() : null,
                    known ? current.keyName() : null, known ? registry.currentVersion(type) : 0, views);
        }).toList();
    }

    @GET
    @Path("/{id}")
    @Transactional
    @Operation(summary = "One saga: its data, each step with attempts, message ids and durations, and its timeline",
            description = "actions lists what an operator may do now and, for each, every command it would send"
                    + " in order: what to confirm before calling retry, compensate or abort. The timeline holds the"
                    + " latest entries only (saga.orchestrator.dashboard.timeline-limit, 500; the steps are folded"
                    + " from them too): timelineTruncated says older ones exist, olderBefore is where"
                    + " GET /sagas/{id}/timeline?before= pages back from.")
    @APIResponse(responseCode = "404", description = "No such saga",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SagaViews.SagaDetail get(@PathParam("id") String id) {
        SagaInstanceEntity entity = store.find(sagaId(id)).orElseThrow(() -> ProblemException.notFound("No saga " + id));
        List<SagaTimelineEntity> latest = store.timeline(entity.id, null, timelineLimit + 1);
        Timeline timeline = latest.size() > timelineLimit
                ? new Timeline(latest.subList(1, latest.size()), latest.get(1).id)
                : new Timeline(latest, null);
        try {
            return detail(entity, sagas.engineFor(entity), sagas.state(entity), timeline);
        } catch (UnreadableSaga unreadable) {
            return unreadableDetail(entity, timeline, unreadable);
        }
    }

    /** The latest entries of a saga's timeline, and the id to page back from when older ones exist. */
    private record Timeline(List<SagaTimelineEntity> entries, Long olderBefore) {

        List<SagaViews.TimelineEntry> views() {
            return entries.stream().map(SagaResource::entry).toList();
        }

        boolean truncated() {
            return olderBefore != null;
        }
    }

    @GET
    @Path("/{id}/timeline")
    @Transactional
    @Operation(summary = "Older entries of a saga's timeline",
            description = "The size entries just before the entry before (oldest first); olderBefore pages on, absent"
                    + " at the start. Start from the olderBefore of GET /sagas/{id}.")
    @APIResponse(responseCode = "404", description = "No such saga",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SagaViews.TimelinePage timeline(@PathParam("id") String id,
            @QueryParam("before") @Parameter(description = "an entry id: entries older than it") @Min(1) Long before,
            @QueryParam("size") @DefaultValue("500") @Min(1) @Max(500) int size) {
        UUID sagaId = sagaId(id);
        store.find(sagaId).orElseThrow(() -> ProblemException.notFound("No saga " + id));
        List<SagaTimelineEntity> entries = store.timeline(sagaId, before, size + 1);
        return entries.size() > size
                ? new SagaViews.TimelinePage(entries.subList(1, entries.size()).stream().map(SagaResource::entry)
                        .toList(), entries.get(1).id)
                : new SagaViews.TimelinePage(entries.stream().map(SagaResource::entry).toList(), null);
    }

    private static SagaViews.TimelineEntry entry(SagaTimelineEntity t) {
        return new SagaViews.TimelineEntry(t.id, t.at, t.kind, t.step, t.attempt, t.messageType, t.messageId,
                t.detail);
    }

    private <D> SagaViews.SagaDetail detail(SagaInstanceEntity entity,
            SagaEngine<D> engine, SagaState<D> state,
            Timeline timeline) {
        try {
            return new SagaViews.SagaDetail(summary(entity), json.readTree(entity.data),
                    StepViews.of(engine.definition(), state, timeline.entries()),
                    timeline.views(), timeline.truncated(), timeline.olderBefore(),
                    engine.allowedActions(state).stream().map(OperatorAction::apiName).toList(),
                    engine.allowedActions(state).contains(OperatorAction.COMPENSATE) ? engine.compensationsFrom(state)
                            : List.of(),
                    StepViews.waitingFor(engine.definition(), state),
                    engine.allowedActions(state).stream().map(action -> new SagaViews.ActionPreview(action.apiName(),
                            engine.wouldSend(action, state).stream().map(c -> new SagaViews.CommandPreview(c.step(),
                                    c.messageType(), c.compensation())).toList())).toList());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is known of a saga the engine cannot read: its row and timeline; the only action left is abort. */
    private SagaViews.SagaDetail unreadableDetail(SagaInstanceEntity entity,
            Timeline timeline,
            UnreadableSaga unreadable) {
        boolean open = !SagaStatus.valueOf(entity.status).isFinal();
        com.fasterxml.jackson.databind.JsonNode data;
        try {
            data = json.readTree(entity.data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            data = json.getNodeFactory().textNode(entity.data);
        }
        return new SagaViews.SagaDetail(summary(entity), data, List.of(),
                timeline.views(), timeline.truncated(), timeline.olderBefore(),
                open ? List.of("abort") : List.of(), List.of(),
                open ? "an operator: " + unreadable.getMessage() : null,
                open ? List.of(new SagaViews.ActionPreview("abort", List.of())) : List.of());
    }

    @GET
    @Path("/stats")
    @Operation(summary = "Counts by status, throughput and duration percentiles over a window",
            description = "Cached per window and stuckFor: an answer is at most maxAgeSeconds old"
                    + " (saga.orchestrator.dashboard.stats-max-age, 10 s; computedAt says when it was computed), and"
                    + " refreshed in the background. Percentiles and max are over the latest sagas finished in the"
                    + " window, up to saga.orchestrator.dashboard.stats-sample (10000; durationMs.count says how"
                    + " many); finished counts them all.")
    public SagaViews.Stats stats(
            @QueryParam("window") @DefaultValue("PT15M") @Parameter(description = "ISO-8601 duration") String window,
            @QueryParam("stuckFor") @DefaultValue("PT1M") String stuckFor) {
        Duration s = parse("stuckFor", stuckFor, Duration::parse, "an ISO-8601 duration such as PT1M").orElseThrow(
                () -> ProblemException.badRequest("invalid-parameter", "stuckFor must be an ISO-8601 duration such as PT1M"));
        return stats.stats(window(window), s);
    }

    @GET
    @Path("/series")
    @Operation(summary = "Sagas finished over a window, bucket by bucket: counts by final status and duration percentiles",
            description = "The window is cut into buckets of window/buckets rounded up to whole seconds, oldest first; each says how"
                    + " many sagas COMPLETED, COMPENSATED, FAILED or were ABORTED in it and the p50/p95/p99 of their"
                    + " durations (absent when none finished). Cached like GET /sagas/stats.")
    @APIResponse(responseCode = "400", description = "A bad window or bucket count",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SagaViews.Series series(
            @QueryParam("window") @DefaultValue("PT15M") @Parameter(description = "ISO-8601 duration") String window,
            @QueryParam("buckets") @DefaultValue("30") @Min(1) @Max(120) int buckets) {
        return stats.series(window(window), buckets);
    }

    @GET
    @Path("/heatmap")
    @Operation(summary = "Where the sagas of one type and version stand, step by step",
            description = "Per step of the definition, in order: open sagas waiting at it now (running, compensating,"
                    + " failedHere: FAILED there, waiting for an operator) and, within the window, sagas whose step"
                    + " failed (a failure reply, retries run out, a dead-lettered command) and sagas whose step was"
                    + " compensated. version defaults to the one new sagas start on. Cached like GET /sagas/stats.")
    @APIResponse(responseCode = "400", description = "No type, a type or version this orchestrator does not run, or a"
            + " bad window", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SagaViews.Heatmap heatmap(
            @QueryParam("type") @Parameter(description = "saga type, e.g. place-order", required = true) String type,
            @QueryParam("version") @Parameter(description = "definition version; the current one when absent")
            String version,
            @QueryParam("window") @DefaultValue("PT15M") @Parameter(description = "ISO-8601 duration") String window) {
        String t = type == null ? "" : type.trim();
        if (registry.versions(t).isEmpty()) {
            throw new ProblemException(Problem.of(400, "Bad Request", "invalid-parameter", "type must be one of "
                    + new java.util.TreeSet<>(registry.types()) + ", was '" + (type == null ? "" : type) + "'")
                    .withViolations(List.of(new Problem.Violation("type", "must be a registered saga type"))));
        }
        int v = parse("version", version, Integer::valueOf, "a definition version such as 2")
                .orElse(registry.currentVersion(t));
        if (!registry.versions(t).contains(v)) {
            throw new ProblemException(Problem.of(400, "Bad Request", "invalid-parameter", "version must be one of "
                    + new java.util.TreeSet<>(registry.versions(t)) + " for " + t + ", was " + v)
                    .withViolations(List.of(new Problem.Violation("version", "must be a registered version of " + t))));
        }
        return stats.heatmap(t, v, window(window));
    }

    /** A window of the aggregated reads: an ISO-8601 duration from a second to 31 days. */
    private static Duration window(String window) {
        // present but blank is not "use the default": it is a mistake to report, not a 500 from orElseThrow
        Duration w = parse("window", window, Duration::parse, "an ISO-8601 duration such as PT15M").orElseThrow(
                () -> ProblemException.badRequest("invalid-parameter", "window must be an ISO-8601 duration such as PT15M"));
        if (w.isNegative() || w.compareTo(Duration.ofSeconds(1)) < 0 || w.compareTo(Duration.ofDays(31)) > 0) {
            throw ProblemException.badRequest("invalid-parameter", "window must be between PT1S and P31D");
        }
        return w;
    }

    @GET
    @Path("/admission")
    @Operation(summary = "The door of POST /orders, as order-service reports it",
            description = "accepting, inFlight, limit, rejectedLastMinute, rejectedTotal (orders refused with 429, which"
                    + " never became sagas); reachable=false with a detail when order-service cannot be asked.")
    public com.fasterxml.jackson.databind.JsonNode admission(
            @jakarta.ws.rs.HeaderParam("Authorization") String authorization) {
        return door.state(authorization);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live stream (SSE) of saga state changes as they commit",
            description = "At most saga.orchestrator.dashboard.max-stream-subscribers (100) clients stream from one"
                    + " replica at a time; one more is answered 503 with Retry-After.")
    @APIResponse(responseCode = "503", description = "As many clients as the cap stream already: try again after"
            + " Retry-After seconds", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Multi<SagaChanged> stream() {
        return stream.changes();
    }

    /** Retry-After of a stream refused because every subscriber place is taken. */
    static final int STREAM_RETRY_AFTER_SECONDS = 30;

    @ServerExceptionMapper
    Response streamFull(SagaStream.Full full) {
        return Response.fromResponse(Problem.of(503, "Service Unavailable", "stream-full", full.getMessage()
                + "; try again after " + STREAM_RETRY_AFTER_SECONDS + " s").at("/sagas/stream").toResponse())
                .header("Retry-After", STREAM_RETRY_AFTER_SECONDS).build();
    }

    @POST
    @Path("/{id}/retry")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send the stuck step of a FAILED saga again (a new message id)")
    @APIResponse(responseCode = "409", description = "The saga's state does not allow it, or the saga changed while"
            + " the action was being applied (nothing was done: reload it and try again)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SagaViews.SagaSummary retry(@PathParam("id") String id) {
        return act(id, sagaId -> sagas.retry(sagaId, operator()));
    }

    @POST
    @Path("/{id}/compensate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stop going forward and undo the completed steps in reverse order")
    @APIResponse(responseCode = "409", description = "The saga's state does not allow it, or the saga changed while"
            + " the action was being applied (nothing was done: reload it and try again)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SagaViews.SagaSummary compensate(@PathParam("id") String id, SagaViews.OperatorRequest request) {
        return act(id, sagaId -> sagas.forceCompensation(sagaId, operator(), reason(request)));
    }

    @POST
    @Path("/{id}/abort")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stop the saga where it is, sending nothing more")
    @APIResponse(responseCode = "409", description = "The saga's state does not allow it, or the saga changed while"
            + " the action was being applied (nothing was done: reload it and try again)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SagaViews.SagaSummary abort(@PathParam("id") String id, SagaViews.OperatorRequest request) {
        return act(id, sagaId -> sagas.abort(sagaId, operator(), reason(request)));
    }

    /**
     * Runs an operator action in a transaction of its own, so that a failure at any point of it — commit included —
     * reaches this method after the rollback: an action that lost a race for the saga's row ({@link LostRace}) is
     * answered with 409 and the status the saga has now, instead of a 500.
     */
    private SagaViews.SagaSummary act(String id, java.util.function.Consumer<UUID> action) {
        UUID sagaId = sagaId(id);
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                action.accept(sagaId);
                return summary(store.find(sagaId).orElseThrow());
            });
        } catch (UnknownSaga e) {
            throw ProblemException.notFound(e.getMessage());
        } catch (IllegalSagaAction e) {
            throw ProblemException.conflict("saga-state", e.getMessage());
        } catch (UnreadableSaga e) {
            throw ProblemException.conflict("saga-state", e.getMessage() + "; only an abort is possible");
        } catch (RuntimeException e) {
            if (!LostRace.is(e)) {
                throw e;
            }
            String now = QuarkusTransaction.requiringNew().call(() -> store.find(sagaId).map(s -> s.status))
                    .orElse("gone");
            LOG.infof("Operator action on saga %s lost a race with another change (now %s); rolled back: %s", sagaId,
                    now, e);
            throw ProblemException.conflict("saga-changed", "Saga " + sagaId + " changed while this action was being"
                    + " applied (it is now " + now + "); nothing was done: reload it and try again");
        }
    }

    private SagaViews.SagaSummary summary(SagaInstanceEntity s) {
        Long duration = s.finishedAt == null ? null : Duration.between(s.startedAt, s.finishedAt).toMillis();
        String keyName = registry.versions(s.sagaType).isEmpty() ? null
                : registry.current(s.sagaType).definition().keyName();
        return new SagaViews.SagaSummary(s.id, s.sagaType, s.definitionVersion, keyName, s.correlationKey, s.status,
                s.phase, s.currentStepName, s.attempt, s.failureReason, s.startedAt, s.updatedAt, s.finishedAt,
                duration, s.wakeAt);
    }

    /**
     * The correlation key filter: {@code key}, or {@code orderId} (a UUID, as before keys were generic); both only
     * when they agree. Anything a key column cannot hold is a 400, never a database error.
     */
    private static Optional<String> key(String key, String orderId) {
        Optional<String> byKey = parse("key", key, k -> {
            if (k.length() > Sagas.MAX_KEY_LENGTH || k.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(k);
            }
            return k;
        }, "at most " + Sagas.MAX_KEY_LENGTH + " characters without control characters");
        Optional<String> byOrder = parse("orderId", orderId, o -> UUID.fromString(o).toString(), "a UUID");
        if (byKey.isPresent() && byOrder.isPresent() && !byKey.equals(byOrder)) {
            throw new ProblemException(Problem.of(400, "Bad Request", "invalid-parameter",
                    "orderId is another name for key: give one of them, or the same value")
                    .withViolations(List.of(new Problem.Violation("orderId", "must equal key when both are given"))));
        }
        return byKey.or(() -> byOrder);
    }

    private static UUID sagaId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No saga " + id + " (saga ids are UUIDs)");
        }
    }

    /** The audited actor: who the bearer token says the caller is, never a name the client chose. */
    private String operator() {
        String name = caller.getPrincipal().getName();
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    private static String reason(SagaViews.OperatorRequest request) {
        String reason = request == null ? null : request.reason();
        if (reason != null && reason.length() > 300) {
            throw ProblemException.badRequest("invalid-reason", "reason must be at most 300 characters");
        }
        return reason;
    }

    private static <T> Optional<T> parse(String name, String value, Function<String, T> parser, String expected) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(value.trim()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ProblemException(Problem.of(400, "Bad Request", "invalid-parameter",
                    name + " must be " + expected + ", was '" + value + "'")
                    .withViolations(List.of(new Problem.Violation(name, "must be " + expected))));
        }
    }
}
