package io.sagaplatform.bench;

import static io.sagaplatform.bench.ThreadGroups.ProcessKind.BROKER;
import static io.sagaplatform.bench.ThreadGroups.ProcessKind.GENERATOR;
import static io.sagaplatform.bench.ThreadGroups.ProcessKind.JVM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreadGroupsTest {

    /** Java names and what the kernel keeps of them (15 characters) land in the same group. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "C2 CompilerThread0; JIT compiler",
        "C2 CompilerThre; JIT compiler",
        "C1 CompilerThread1; JIT compiler",
        "Sweeper thread; JIT compiler",
        "GC Thread#0; GC",
        "G1 Conc#0; GC",
        "G1 Refine#0; GC",
        "G1 Young RemSet Sampling; GC",
        "G1 Young RemSet; GC",
        "G1 Service; GC",
        "VM Thread; JVM runtime (VM Thread: safepoints, Serial GC)",
        "VM Periodic Task Thread; JVM runtime (VM Thread: safepoints, Serial GC)",
        "Reference Handl; JVM runtime (VM Thread: safepoints, Serial GC)",
        "JFR Recorder Thread; JFR (the profile's own recording)",
        "JFR Periodic Tasks; JFR (the profile's own recording)",
        "vert.x-eventloop-thread-1; Vert.x event loops",
        "vert.x-eventloo; Vert.x event loops",
        "vert.x-acceptor-thread-0; Vert.x event loops",
        "executor-thread-12; executor/worker threads",
        "executor-thread; executor/worker threads",
        "vert.x-worker-thread-3; executor/worker threads",
        "vert.x-worker-t; executor/worker threads",
        "vert.x-internal-blocking-0; executor/worker threads",
        "ForkJoinPool.commonPool-worker-1; executor/worker threads",
        "kafka-producer-network-thread | relay-orchestrator; Kafka clients",
        "kafka-producer-; Kafka clients",
        "kafka-coordinator-heartbeat-thread | orchestrator; Kafka clients",
        "kafka-coordinat; Kafka clients",
        "smallrye-kafka-consumer-thread-0; Kafka clients",
        "smallrye-kafka-; Kafka clients",
        "debezium-postgresconnector-order_service-change-event-source-coordinator; Debezium engine / outbox relay",
        "debezium-postgr; Debezium engine / outbox relay",
        "outbox-relay-engine-order_service_outbox; Debezium engine / outbox relay",
        "outbox-relay-en; Debezium engine / outbox relay",
        "pool-7-thread-1; Debezium engine / outbox relay",
        "debezium-postgresconnector-order_service_outbox-keep-alive; Debezium engine / outbox relay",
        "debezium-postgresstreamingchangeeventsource-order_service_outbox-lsn-flush; Debezium engine / outbox relay",
        "JdbcOffsetBackingStore-1; Debezium engine / outbox relay",
        "JdbcOffsetBacki; Debezium engine / outbox relay",
        "PostgreSQL-JDBC-SharedTimer-1; Agroal / Narayana / scheduler",
        "micrometer-kafka-metrics; Kafka clients",
        "Reference Reaper #1; JVM runtime (VM Thread: safepoints, Serial GC)",
        "Cleaner-0; JVM runtime (VM Thread: safepoints, Serial GC)",
        "agroal-11; Agroal / Narayana / scheduler",
        "Transaction Reaper Worker 0; Agroal / Narayana / scheduler",
        "Transaction Rea; Agroal / Narayana / scheduler",
        "quarkus-scheduler-trigger-check; Agroal / Narayana / scheduler",
        "BatchSpanProcessor_WorkerThread-1; OpenTelemetry export",
        "main; other",
        "vertx-blocked-thread-checker; other",
    })
    void groupsServiceThreads(String name, String group) {
        assertEquals(group, ThreadGroups.of(JVM, name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "data-plane-kafka-request-handler-0; broker: request handlers",
        "data-plane-kafka-network-thread-1-ListenerName(PLAINTEXT)-PLAINTEXT-0; broker: network",
        "data-plane-kafka-socket-acceptor-ListenerName(PLAINTEXT)-PLAINTEXT-9092; broker: network",
        "kafka-1-raft-io-thread; broker: KRaft / controller",
        "quorum-controller-1-event-handler; broker: KRaft / controller",
        "group-coordinator-event-processor-0; broker: group / transaction coordinators",
        "kafka-scheduler-3; broker: background / other",
        "controller-1-ThrottledChannelReaper-Fetch; broker: background / other",
        "broker-1-to-controller-heartbeat-channel-manager; broker: KRaft / controller",
        "TxnMarkerSenderThread-1; broker: group / transaction coordinators",
        "ExpirationReaper-1-Produce; broker: background / other",
        "data-plane-kafk; broker: background / other",
        "GC Thread#1; GC",
        "C2 CompilerThre; JIT compiler",
    })
    void groupsBrokerThreads(String name, String group) {
        assertEquals(group, ThreadGroups.of(BROKER, name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "sender-0; senders (the schedule)",
        "http-3; HTTP client",
        "HttpClient-1-SelectorManager; HTTP client",
        "sse-reader; saga stream reader",
        "profiler-step; profiler (this tool's sampling and JFR reading)",
        "main; profiler (this tool's sampling and JFR reading)",
        "GC Thread#0; GC",
    })
    void groupsGeneratorThreads(String name, String group) {
        assertEquals(group, ThreadGroups.of(GENERATOR, name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "postgres: 15/main: order_service order_service 127.0.0.1(43210) idle; backends order_service",
        "postgres: 15/main: orchestrator orchestrator 127.0.0.1(43211) idle in transaction; backends orchestrator",
        "postgres: 15/main: walsender order_service_relay 127.0.0.1(43222) START_REPLICATION; walsender order_service",
        "postgres: 15/main: walsender payment_service_relay payment_service 127.0.0.1(5) idle; walsender payment_service",
        "postgres: 15/main: checkpointer ; background (checkpointer, WAL writer, …)",
        "postgres: 15/main: background writer ; background (checkpointer, WAL writer, …)",
        "postgres: 15/main: walwriter ; background (checkpointer, WAL writer, …)",
        "postgres: 15/main: autovacuum launcher ; background (checkpointer, WAL writer, …)",
        "postgres: 15/main: logical replication launcher ; background (checkpointer, WAL writer, …)",
        "postgres: 15/main: autovacuum worker inventory_service; autovacuum workers",
        "postgres: checkpointer; background (checkpointer, WAL writer, …)",
        "postgres: shipping_service shipping_service 127.0.0.1(1) idle; backends shipping_service",
        "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main -c config_file=/etc/postgresql/15/main/postgresql.conf; postmaster",
    })
    void groupsPostgresProcessesByTitle(String title, String group) {
        assertEquals(group, ThreadGroups.ofPostgres(title));
    }
}
