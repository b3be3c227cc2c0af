package io.sagaplatform.messaging;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the shared messaging plumbing. Every setting has a default that suits a service of the
 * platform; a service normally only names itself ({@code quarkus.application.name}) and its inbound topics
 * ({@code saga.messaging.inbound-topics}).
 */
@ConfigMapping(prefix = "saga.messaging")
public interface MessagingConfig {

    /**
     * Name of this service: the {@code ce_source} of what it sends, its inbox consumer name and its Kafka
     * consumer group.
     */
    @WithDefault("${quarkus.application.name}")
    String serviceName();

    /**
     * Topics this service consumes (its commands, or events and replies for the orchestrator). Every record
     * on them goes through the inbox to the {@link io.sagaplatform.messaging.dispatch.MessageHandler} of its
     * type.
     */
    java.util.List<String> inboundTopics();

    /**
     * Consumers of the inbound topics in this JVM, each processing its partitions in order on its own worker:
     * more than one lets records of different sagas proceed side by side (the channel's {@code concurrency}).
     * More than the topics' partitions would only idle.
     */
    @WithDefault("1")
    int inboundConcurrency();

    /**
     * The most records one poll hands over (the channel's {@code max.poll.records}). The dispatcher applies the
     * readable records of a poll in one database transaction (one commit instead of one per record), so under
     * load the cost per message falls as batches grow; a quiet consumer still sees batches of one. Larger
     * batches hold their row locks longer and redo more work when the transaction fails and the batch is
     * applied record by record.
     */
    @WithDefault("100")
    int inboundBatchSize();

    /** The outbox relay (Debezium embedded → Kafka). */
    Relay relay();

    /** Inbound de-duplication and retention. */
    Inbox inbox();

    /** How long published outbox rows are kept for inspection before the purge job removes them. */
    @WithDefault("P7D")
    Duration outboxRetention();

    /** How often the retention job purges the inbox and outbox. */
    @WithDefault("1h")
    Duration purgeEvery();

    interface Relay {

        /** Whether this process runs the relay at all (several replicas may; one streams, the others stand by). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Logical replication slot; cluster-wide unique. Defaults to {@code <database>_outbox}, unique because
         * database names are.
         */
        Optional<String> slotName();

        /**
         * The role the relay's replication connection logs in as: REPLICATION, and in this database only what
         * the relay reads and writes (the outbox, the heartbeat table), granted by the service at start-up. The
         * service's own role then needs no replication right. Defaults to the datasource's role (one role for
         * both, as in a throw-away test database).
         */
        Optional<String> replicationUser();

        /** The replication role's password; defaults to the datasource's. */
        Optional<String> replicationPassword();

        /** Publication over the outbox and heartbeat tables, created by the relay when missing. */
        @WithDefault("saga_outbox")
        String publicationName();

        /**
         * How long Debezium waits for new changes when its queue is empty. The latency knob: Debezium's default
         * 500 ms costs ~250 ms per hop; shorter intervals cost idle CPU in every service (BENCHMARKS.md, "Relay poll interval").
         */
        @WithDefault("50ms")
        Duration pollInterval();

        /**
         * Most change events handed to the Kafka producer in one batch. Debezium's queue hands over a batch only once
         * it holds this many events or {@link #pollInterval()} has passed, so anything above 1 makes a lightly loaded
         * hop wait the whole poll interval; 1 hands every change over as soon as it is decoded (BENCHMARKS.md,
         * "Relay batch size").
         */
        @WithDefault("1")
        int maxBatchSize();

        /** Change events Debezium may hold decoded but not yet handed over (its {@code max.queue.size}). */
        @WithDefault("2048")
        int maxQueueSize();

        /**
         * How often acknowledged positions are committed (offset table and replication slot). Shorter means
         * fewer duplicates after a crash and less WAL retained.
         */
        @WithDefault("1s")
        Duration offsetFlushInterval();

        /**
         * Heartbeat period: the relay writes a heartbeat row so that a quiet database's slot still advances and
         * does not pin WAL for the whole cluster.
         */
        @WithDefault("10s")
        Duration heartbeatInterval();

        /**
         * Producer {@code linger.ms}: added to every hop when traffic is light. The relay waits for each batch's
         * acknowledgement before it takes the next, so lingering batches nothing and only delays.
         */
        @WithDefault("0ms")
        Duration linger();

        /** Upper bound for one send to be acknowledged by the broker ({@code delivery.timeout.ms}). */
        @WithDefault("30s")
        Duration sendTimeout();

        /** First pause before the relay restarts after a failure; doubles up to {@link #restartBackoffMax()}. */
        @WithDefault("500ms")
        Duration restartBackoff();

        @WithDefault("15s")
        Duration restartBackoffMax();
    }

    interface Inbox {

        /**
         * How long processed message ids are remembered. A redelivery older than this would be applied again,
         * so it must exceed any realistic redelivery delay (broker retention of uncommitted offsets, relay
         * outage).
         */
        @WithDefault("P7D")
        Duration retention();

        /** Attempts for a handler failure that is not transient before the message is dead-lettered. */
        @WithDefault("3")
        int maxAttempts();

        /** First pause between attempts; doubles up to {@link #retryBackoffMax()}. */
        @WithDefault("100ms")
        Duration retryBackoff();

        @WithDefault("5s")
        Duration retryBackoffMax();
    }
}
