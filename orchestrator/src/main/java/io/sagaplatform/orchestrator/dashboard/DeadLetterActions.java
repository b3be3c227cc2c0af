package io.sagaplatform.orchestrator.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.orchestrator.application.Sagas;
import io.sagaplatform.orchestrator.application.UnknownSaga;
import io.sagaplatform.orchestrator.engine.IllegalSagaAction;
import io.sagaplatform.orchestrator.dashboard.DeadLetterTopics.Parked;
import io.sagaplatform.orchestrator.persistence.DeadLetterLedger;
import io.sagaplatform.orchestrator.persistence.DeadLetterLedger.Action;
import io.sagaplatform.orchestrator.persistence.DeadLetterLedger.Position;
import io.sagaplatform.rest.ProblemException;

/**
 * An operator's work on the dead-letter topics: what is parked and whether it is still pending, replaying a selection
 * back to where it came from, discarding one with a reason — each recorded in {@code dead_letter_action} under the
 * operator's name, so a record is acted on once. And how many records wait per topic, as {@code saga.dlq.pending}.
 *
 * <p>A replay runs in one transaction: every selected record is checked pending and recorded first (a concurrent
 * replay of the same record waits for that row and is refused), a command of a saga is handed to its saga (which
 * must still wait on it — {@link Sagas#replayDeadLetter}), then the records are sent in (partition, offset) order,
 * each acknowledged before the next, and the transaction commits. When a send fails, everything is rolled back and
 * the records stay pending; one sent before the failure may be sent again by the next replay, which its receiver's
 * inbox recognises by the message id it kept.
 */
@ApplicationScoped
public class DeadLetterActions {

    private static final Logger LOG = Logger.getLogger(DeadLetterActions.class);
    /** How old a depth may be when a scrape reads it. */
    private static final Duration DEPTH_MAX_AGE = Duration.ofSeconds(10);
    private static final String COMMANDS_DLQ_SUFFIX = ".commands.dlq";
    private static final int MAX_MESSAGE_ID = 200;

    public static final String PENDING = "PENDING";
    public static final String REPLAYED = "REPLAYED";
    public static final String DISCARDED = "DISCARDED";

    private final DeadLetterTopics topics;
    private final DeadLetterLedger ledger;
    private final Sagas sagas;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Depth> depths = new ConcurrentHashMap<>();

    /** The counts of one topic's dead letters. */
    public record Summary(String topic, String dlqTopic, long parked, long pending, long replayed, long discarded) {
    }

    /** A parked record and what was done with it (null: pending). */
    public record Entry(Parked parked, Action action) {

        public String status() {
            return action == null ? PENDING : action.action();
        }
    }

    private record Depth(long pending, long at) {
    }

    DeadLetterActions(DeadLetterTopics topics, DeadLetterLedger ledger, Sagas sagas, Clock clock,
            MeterRegistry registry) {
        this.topics = topics;
        this.ledger = ledger;
        this.sagas = sagas;
        this.clock = clock;
        this.registry = registry;
    }

    void registerDepths(@Observes StartupEvent event) {
        for (String topic : Topics.all()) {
            Gauge.builder("saga.dlq.pending", this, actions -> actions.depth(topic))
                    .description("Records parked on <topic>.dlq that no operator replayed or discarded yet")
                    .tag("topic", topic)
                    .register(registry);
        }
    }

    /** Pending records of {@code topic}, at most {@link #DEPTH_MAX_AGE} old; NaN when Kafka cannot be asked. */
    double depth(String topic) {
        Depth known = depths.get(topic);
        long now = System.nanoTime();
        if (known != null && now - known.at() < DEPTH_MAX_AGE.toNanos()) {
            return known.pending();
        }
        try {
            long pending = summary(topic).pending();
            depths.put(topic, new Depth(pending, now));
            return pending;
        } catch (RuntimeException e) {
            LOG.debugf("Could not count the dead letters of %s: %s", topic, e.toString());
            return Double.NaN;
        }
    }

    /** How many records {@code topic}'s dead-letter topic holds, and how many of them wait for an operator. */
    public Summary summary(String topic) {
        String dlq = Topics.deadLetter(topic);
        long parked = 0;
        long replayed = 0;
        long discarded = 0;
        for (DeadLetterTopics.Extent extent : topics.extents(topic)) {
            parked += extent.size();
            Map<String, Long> counts = QuarkusTransaction.requiringNew().call(
                    () -> ledger.counts(dlq, extent.partition(), extent.first(), extent.next()));
            replayed += counts.getOrDefault(REPLAYED, 0L);
            discarded += counts.getOrDefault(DISCARDED, 0L);
        }
        long pending = parked - replayed - discarded;
        depths.put(topic, new Depth(pending, System.nanoTime()));
        return new Summary(topic, dlq, parked, pending, replayed, discarded);
    }

    /** The parked records of {@code topic} with their status, oldest first, those of {@code status} (null: all). */
    public List<Entry> list(String topic, String status, int limit, int scanLimit) {
        String dlq = Topics.deadLetter(topic);
        List<Entry> entries = new ArrayList<>();
        // without a status filter the first records are the answer; with one, its records may lie anywhere
        List<Parked> parked = topics.read(topic, status == null ? limit : scanLimit);
        Map<Position, Action> actions = QuarkusTransaction.requiringNew().call(() -> ledger.actions(dlq,
                parked.stream().map(p -> new Position(p.partition(), p.offset())).toList()));
        for (Parked p : parked) {
            Entry entry = new Entry(p, actions.get(new Position(p.partition(), p.offset())));
            if (status == null || entry.status().equals(status)) {
                entries.add(entry);
                if (entries.size() >= limit) {
                    break;
                }
            }
        }
        return entries;
    }

    /** One replayed record and where it landed. */
    public record Replayed(Parked parked, int partition, long offset) {
    }

    /** Sends the selected records of {@code topic}'s dead-letter topic back, in order; all of them or none. */
    public List<Replayed> replay(String topic, List<Position> selection, String operator, String reason) {
        String dlq = Topics.deadLetter(topic);
        List<Parked> records = load(topic, selection);
        return QuarkusTransaction.requiringNew().call(() -> {
            pendingOrRefuse(dlq, records);
            for (Parked parked : records) {
                UUID sagaId = sagaOfCommand(parked);
                ledger.record(new Action(dlq, parked.partition(), parked.offset(), REPLAYED, target(parked),
                        messageId(parked), sagaId, operator, reason, clock.instant(), null, null));
                if (sagaId != null) {
                    try {
                        sagas.replayDeadLetter(sagaId, parked.messageId(), operator);
                    } catch (UnknownSaga e) {
                        throw ProblemException.conflict("saga-state", "The command at " + where(parked) + " is of saga "
                                + sagaId + ", which this orchestrator does not know: no saga waits on it, discard it");
                    } catch (IllegalSagaAction e) {
                        throw ProblemException.conflict("saga-state", "Not replayed (" + where(parked) + "): "
                                + e.getMessage());
                    }
                }
            }
            List<Replayed> done = new ArrayList<>();
            for (Parked parked : records) {
                RecordMetadata sent = topics.replay(parked);
                ledger.replayedTo(dlq, new Position(parked.partition(), parked.offset()), sent.partition(),
                        sent.offset());
                done.add(new Replayed(parked, sent.partition(), sent.offset()));
                LOG.infof("%s replayed %s (message %s) to %s-%d@%d", operator, where(parked), parked.messageId(),
                        sent.topic(), sent.partition(), sent.offset());
            }
            return done;
        });
    }

    /** Marks the selected records of {@code topic}'s dead-letter topic as discarded, with the operator's reason. */
    public List<Parked> discard(String topic, List<Position> selection, String operator, String reason) {
        String dlq = Topics.deadLetter(topic);
        List<Parked> records = load(topic, selection);
        QuarkusTransaction.requiringNew().run(() -> {
            pendingOrRefuse(dlq, records);
            for (Parked parked : records) {
                ledger.record(new Action(dlq, parked.partition(), parked.offset(), DISCARDED, target(parked),
                        messageId(parked), sagaOfCommand(parked), operator, reason, clock.instant(), null, null));
                LOG.infof("%s discarded %s (message %s): %s", operator, where(parked), parked.messageId(), reason);
            }
        });
        depths.remove(topic);
        return records;
    }

    /** The selected records, in (partition, offset) order; a position that holds no record is a 404. */
    private List<Parked> load(String topic, List<Position> selection) {
        List<Parked> records = new ArrayList<>();
        for (Position position : selection.stream().sorted(Comparator.comparingInt(Position::partition)
                .thenComparingLong(Position::offset)).toList()) {
            records.add(topics.find(topic, position.partition(), position.offset()).orElseThrow(
                    () -> ProblemException.notFound("No record at partition " + position.partition() + ", offset "
                            + position.offset() + " of " + Topics.deadLetter(topic))));
        }
        depths.remove(topic);
        return records;
    }

    private void pendingOrRefuse(String dlq, List<Parked> records) {
        Map<Position, Action> done = ledger.actions(dlq,
                records.stream().map(p -> new Position(p.partition(), p.offset())).toList());
        if (!done.isEmpty()) {
            Action first = done.values().iterator().next();
            throw ProblemException.conflict("dead-letter-settled", "The record at partition " + first.partition()
                    + ", offset " + first.offset() + " of " + dlq + " was already " + first.action().toLowerCase()
                    + " by " + first.operator() + " at " + first.at() + "; nothing was done");
        }
    }

    /** The saga a parked command belongs to: a record of a command topic that names one. */
    private static UUID sagaOfCommand(Parked parked) {
        if (!parked.dlqTopic().endsWith(COMMANDS_DLQ_SUFFIX) || parked.sagaId() == null || parked.messageId() == null) {
            return null;
        }
        try {
            return UUID.fromString(parked.sagaId());
        } catch (IllegalArgumentException notASaga) {
            return null;
        }
    }

    /** The message id as recorded: a poison record's may be anything, the column holds 200 characters. */
    private static String messageId(Parked parked) {
        String id = parked.messageId();
        return id == null || id.length() <= MAX_MESSAGE_ID ? id : id.substring(0, MAX_MESSAGE_ID - 1) + "…";
    }

    private static String target(Parked parked) {
        return parked.replay().topic();
    }

    private static String where(Parked parked) {
        return parked.dlqTopic() + "-" + parked.partition() + "@" + parked.offset();
    }
}
