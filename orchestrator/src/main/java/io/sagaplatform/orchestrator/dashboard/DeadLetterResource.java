package io.sagaplatform.orchestrator.dashboard;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.orchestrator.dashboard.DeadLetterTopics.Parked;
import io.sagaplatform.orchestrator.persistence.DeadLetterLedger.Action;
import io.sagaplatform.orchestrator.persistence.DeadLetterLedger.Position;
import io.sagaplatform.rest.Problem;
import io.sagaplatform.rest.ProblemException;
import io.sagaplatform.rest.Roles;

/**
 * The operator's view of the dead-letter topics and the two ways out of them: replay (back to the original topic,
 * same message id) and discard (with a reason). Every action is recorded under the token's name.
 */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters", description = "Records parked on <topic>.dlq: read, replay, discard")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
public class DeadLetterResource {

    /** Most records one replay or discard may select. */
    static final int MAX_SELECTION = 100;
    /** Most records one listing reads from a dead-letter topic. */
    static final int SCAN_LIMIT = 10_000;
    private static final int MAX_REASON = 300;
    private static final String UNIQUE_VIOLATION = "23505";

    private final DeadLetterActions actions;
    private final SecurityIdentity caller;

    DeadLetterResource(DeadLetterActions actions, SecurityIdentity caller) {
        this.actions = actions;
        this.caller = caller;
    }

    /** One parked record as the operator sees it. */
    public record DeadLetter(String topic, String dlqTopic, int partition, long offset, Instant parkedAt, String status,
            String reason, String consumer, String originalTopic, Integer originalPartition, Long originalOffset,
            String messageId, String messageType, String sagaId, String key, Map<String, String> headers,
            String payload, boolean payloadBase64, String exception, ActionTaken action) {
    }

    /** What an operator did with a record. */
    public record ActionTaken(String action, String operator, Instant at, String reason, Integer replayPartition,
            Long replayOffset) {
    }

    public record Page(String topic, String dlqTopic, String status, List<DeadLetter> items, long parked,
            long pending) {
    }

    /** A record of the topic's dead-letter topic, by its place there. */
    public record Selected(Integer partition, Long offset) {
    }

    /** Records of one topic's dead-letter topic, and why (required to discard, optional to replay). */
    public record Selection(String topic, List<Selected> records, String reason) {
    }

    public record ReplayedRecord(int partition, long offset, String messageId, String replayedTo) {
    }

    public record ActionResult(String topic, String action, String operator, List<ReplayedRecord> records) {
    }

    @GET
    @Path("/topics")
    @Operation(summary = "Every platform topic's dead-letter topic: records parked, pending, replayed, discarded")
    public List<DeadLetterActions.Summary> topics() {
        return Topics.all().stream().map(actions::summary).toList();
    }

    @GET
    @Operation(summary = "The records parked on <topic>.dlq, oldest first, with their status",
            description = "Each record with its reason, the consumer that gave up, where it was read"
                    + " (originalTopic/Partition/Offset), its headers and payload (Base64 when not UTF-8), and what an"
                    + " operator did with it (PENDING, REPLAYED, DISCARDED). Reads at most 10,000 records of the topic.")
    @APIResponse(responseCode = "400", description = "No topic, or not a platform topic",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page list(
            @QueryParam("topic") @Parameter(description = "a platform topic, e.g. shipping.commands") String topic,
            @QueryParam("status") @Parameter(description = "PENDING, REPLAYED or DISCARDED (default: all)")
            String status,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        String known = topic(topic);
        String wanted = status(status);
        List<DeadLetter> items = actions.list(known, wanted, limit, SCAN_LIMIT).stream()
                .map(entry -> view(known, entry.parked(), entry.action())).toList();
        DeadLetterActions.Summary summary = actions.summary(known);
        return new Page(known, summary.dlqTopic(), wanted, items, summary.parked(), summary.pending());
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send pending records back to their original topic, in order, with their message ids",
            description = "All of the selection or none: each must be pending; a command of a saga only while its saga"
                    + " is FAILED waiting on exactly that command (the saga then waits for its answer again). The"
                    + " receiver's inbox applies a replayed record at most once.")
    @APIResponse(responseCode = "400", description = "Bad selection", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No record at a selected place",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A record was already replayed or discarded, or its saga does"
            + " not wait on it (nothing was done)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public ActionResult replay(Selection selection) {
        String topic = topic(selection == null ? null : selection.topic());
        List<Position> positions = positions(selection);
        String reason = reason(selection.reason(), false);
        List<DeadLetterActions.Replayed> done = settled(() -> actions.replay(topic, positions, operator(), reason));
        return new ActionResult(topic, DeadLetterActions.REPLAYED, operator(), done.stream()
                .map(r -> new ReplayedRecord(r.parked().partition(), r.parked().offset(), r.parked().messageId(),
                        r.parked().replay().topic() + "-" + r.partition() + "@" + r.offset()))
                .toList());
    }

    @POST
    @Path("/discard")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mark pending records as discarded, with a reason; nothing is sent")
    @APIResponse(responseCode = "400", description = "Bad selection or no reason",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No record at a selected place",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A record was already replayed or discarded (nothing was done)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ActionResult discard(Selection selection) {
        String topic = topic(selection == null ? null : selection.topic());
        List<Position> positions = positions(selection);
        String reason = reason(selection.reason(), true);
        List<Parked> done = settled(() -> actions.discard(topic, positions, operator(), reason));
        return new ActionResult(topic, DeadLetterActions.DISCARDED, operator(), done.stream()
                .map(p -> new ReplayedRecord(p.partition(), p.offset(), p.messageId(), null)).toList());
    }

    /** A second action on a record that another request acted on first (its row committed meanwhile) is a 409. */
    private static <T> T settled(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof ProblemException problem) {
                    throw problem;
                }
                if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    throw ProblemException.conflict("dead-letter-settled", "A selected record was replayed or"
                            + " discarded by another request meanwhile; nothing was done: reload and decide again");
                }
            }
            if (LostRace.is(e)) {
                throw ProblemException.conflict("saga-changed", "The saga of a selected command changed while the"
                        + " replay was being applied; nothing was done: reload and try again");
            }
            throw e;
        }
    }

    private static DeadLetter view(String topic, Parked p, Action action) {
        return new DeadLetter(topic, p.dlqTopic(), p.partition(), p.offset(), p.parkedAt(),
                action == null ? DeadLetterActions.PENDING : action.action(), p.reason(), p.consumer(),
                p.originalTopic(), p.originalPartition(), p.originalOffset(), p.messageId(), p.messageType(),
                p.sagaId(), p.key(), p.headers(), p.payload(), p.payloadBase64(), p.exception(),
                action == null ? null : new ActionTaken(action.action(), action.operator(), action.at(),
                        action.reason(), action.replayPartition(), action.replayOffset()));
    }

    private static String topic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw invalid("topic", "topic is required: one of " + Topics.all());
        }
        String name = topic.trim();
        if (!DeadLetterTopics.known(name)) {
            throw invalid("topic", "'" + abbreviate(name) + "' is not a platform topic; one of " + Topics.all()
                    + " (the topic the records came from, not its .dlq)");
        }
        return name;
    }

    private static String status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String upper = status.trim().toUpperCase(Locale.ROOT);
        if (!Set.of(DeadLetterActions.PENDING, DeadLetterActions.REPLAYED, DeadLetterActions.DISCARDED)
                .contains(upper)) {
            throw invalid("status", "status must be PENDING, REPLAYED or DISCARDED, was '" + abbreviate(status) + "'");
        }
        return upper;
    }

    private static List<Position> positions(Selection selection) {
        if (selection.records() == null || selection.records().isEmpty()) {
            throw invalid("records", "records must select at least one record: [{\"partition\": 0, \"offset\": 12}]");
        }
        if (selection.records().size() > MAX_SELECTION) {
            throw invalid("records", "records may select at most " + MAX_SELECTION + " records at a time");
        }
        Set<Position> seen = new HashSet<>();
        for (Selected selected : selection.records()) {
            if (selected == null || selected.partition() == null || selected.offset() == null
                    || selected.partition() < 0 || selected.offset() < 0) {
                throw invalid("records", "every record needs a partition and an offset, both 0 or more");
            }
            if (!seen.add(new Position(selected.partition(), selected.offset()))) {
                throw invalid("records", "partition " + selected.partition() + ", offset " + selected.offset()
                        + " is selected twice");
            }
        }
        return List.copyOf(seen);
    }

    private static String reason(String reason, boolean required) {
        if (reason == null || reason.isBlank()) {
            if (required) {
                throw invalid("reason", "reason is required: say why the records are discarded");
            }
            return null;
        }
        if (reason.length() > MAX_REASON || reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw invalid("reason", "reason must be at most " + MAX_REASON + " characters without control characters");
        }
        return reason.trim();
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(Problem.of(400, "Bad Request", "invalid-parameter", detail)
                .withViolations(List.of(new Problem.Violation(field, detail))));
    }

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }

    /** The audited actor: who the bearer token says the caller is, never a name the client chose. */
    private String operator() {
        String name = caller.getPrincipal().getName();
        return name.length() <= 64 ? name : name.substring(0, 64);
    }
}
