package io.sagaplatform.bench;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Sorts a process's threads into the groups the profile reports CPU for. A thread is known by its Java name (from
 * {@code jcmd <pid> Thread.print}) when the profiler could read it, otherwise by its {@code comm}: the kernel keeps
 * only the first 15 characters of a thread's name ({@code executor-thread-3} is {@code executor-thread}), so every
 * rule matches a prefix of at most 15 characters, or a word that survives the cut.
 *
 * <p>The rules are tried in order; the first that matches wins. The Kafka broker has rules of its own (its
 * {@code data-plane-kafka-request-handler-0} and {@code data-plane-kafka-network-thread-…} share their first 15
 * characters, so only the Java name tells them apart). PostgreSQL's processes are single-threaded: they are grouped by
 * what their process title says ({@link #ofPostgres}).
 */
final class ThreadGroups {

    static final String JIT = "JIT compiler";
    static final String GC = "GC";
    static final String JFR = "JFR (the profile's own recording)";
    static final String JVM = "JVM runtime (VM Thread: safepoints, Serial GC)";
    static final String EVENT_LOOP = "Vert.x event loops";
    static final String WORKERS = "executor/worker threads";
    static final String KAFKA_CLIENTS = "Kafka clients";
    static final String DEBEZIUM = "Debezium engine / outbox relay";
    static final String DATA_ACCESS = "Agroal / Narayana / scheduler";
    static final String TRACING = "OpenTelemetry export";
    static final String OTHER = "other";

    /** What kind of process a thread belongs to: some names mean something only in one of them. */
    enum ProcessKind {
        JVM, BROKER, GENERATOR
    }

    private record Rule(Pattern pattern, String group) {
        static Rule of(String regex, String group) {
            return new Rule(Pattern.compile(regex), group);
        }
    }

    private static final List<Rule> JVM_RULES = List.of(
            Rule.of("^C[12] CompilerThre|CompilerThread|^Sweeper thread|^JVMCI", JIT),
            Rule.of("^GC Thread|^G1 |^Parallel GC|^ParGC|^PS |^Z(Worker|Director|Driver|Stat|Unmapper)|^Shenandoah", GC),
            Rule.of("^JFR ", JFR),
            Rule.of("^VM Thread|^VM Periodic|^Service Thread|^Monitor Deflati|^Signal Dispatch|^Reference Handl"
                    + "|^Finalizer|^Common-Cleaner|^Notification Th|^Attach Listener|^DestroyJavaVM|^Reference Reape"
                    + "|^Cleaner-\\d", JVM),
            Rule.of("^vert\\.x-eventloo|^vert\\.x-acceptor", EVENT_LOOP),
            Rule.of("^executor-thread|^vert\\.x-worker-t|^vert\\.x-internal-|^ForkJoinPool|^quarkus-virtual", WORKERS),
            Rule.of("^kafka-producer-|^kafka-coordinat|^smallrye-kafka|^kafka-admin-cli|^kafka-consumer"
                    + "|^micrometer-kafk", KAFKA_CLIENTS),
            // pool-N-thread-M: the AsyncEmbeddedEngine's executors (polling the connector task, handing batches over)
            Rule.of("(?i)debezium|^outbox-relay|change-event-sou|^pool-\\d+-thread|^JdbcOffsetBacki|^blocking-snapsho"
                    + "|^keep-alive", DEBEZIUM),
            Rule.of("^agroal|^Transaction Rea|^quarkus-schedul|^Quartz|^Timer-\\d|^scheduled-|^PostgreSQL-JDBC",
                    DATA_ACCESS),
            Rule.of("^BatchSpanProces|^OkHttp|^otel|^opentelemetry", TRACING));

    private static final List<Rule> BROKER_RULES = List.of(
            Rule.of("request-handler", "broker: request handlers"),
            Rule.of("network-thread|socket-acceptor|^kafka-network", "broker: network"),
            Rule.of("^kafka-scheduler|ExpirationReaper|ThrottledChannel|[Rr]eaper$|log-cleaner|^kafka-log|LogDirFailure"
                    + "|ReplicaFetcher|ReplicaAlterLog|metrics-meter|SensorExpiry|^data-plane-kafk",
                    "broker: background / other"),
            Rule.of("raft|quorum|controller", "broker: KRaft / controller"),
            Rule.of("coordinator|^transaction|TxnMarker|TxnSender", "broker: group / transaction coordinators"));

    private static final List<Rule> GENERATOR_RULES = List.of(
            Rule.of("^sender-", "senders (the schedule)"),
            Rule.of("^http-\\d|^HttpClient", "HTTP client"),
            Rule.of("^sse-reader", "saga stream reader"),
            Rule.of("^main$|^java$|^profiler|^DestroyJavaVM", "profiler (this tool's sampling and JFR reading)"));

    private ThreadGroups() {
    }

    /** The group of a JVM thread known by {@code name} (its Java name, or its 15-character {@code comm}). */
    static String of(ProcessKind kind, String name) {
        if (kind == ProcessKind.BROKER) {
            String group = firstMatch(BROKER_RULES, name);
            if (group != null) {
                return group;
            }
        } else if (kind == ProcessKind.GENERATOR) {
            String group = firstMatch(GENERATOR_RULES, name);
            if (group != null) {
                return group;
            }
        }
        String group = firstMatch(JVM_RULES, name);
        return group != null ? group : OTHER;
    }

    /**
     * The group of one PostgreSQL process from its title ({@code /proc/<pid>/cmdline}), e.g.
     * {@code postgres: 15/main: order_service order_service 127.0.0.1(43210) idle} (a backend: user, database,
     * client, state) → {@code backends order_service}; {@code postgres: 15/main: walsender order_service_relay
     * 127.0.0.1(43222) START_REPLICATION} → {@code walsender order_service}; {@code postgres: 15/main: checkpointer}
     * → {@code background (checkpointer, WAL writer, …)}.
     */
    static String ofPostgres(String title) {
        String t = title.replace('\0', ' ').trim();
        if (!t.startsWith("postgres:")) {
            return "postmaster";
        }
        String rest = t.substring("postgres:".length()).trim();
        // Debian titles carry the cluster ("15/main: "); a plain build's do not.
        int colon = rest.indexOf(": ");
        if (colon > 0 && !rest.substring(0, colon).contains(" ")) {
            rest = rest.substring(colon + 2).trim();
        }
        String[] words = rest.split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return "postmaster";
        }
        if (words[0].equals("walsender")) {
            String user = words.length > 1 ? words[1] : "?";
            return "walsender " + user.replaceFirst("_relay$", "");
        }
        if (words[0].equals("autovacuum") && words.length > 1 && words[1].equals("worker")) {
            return "autovacuum workers";
        }
        if (isBackgroundProcess(rest)) {
            return "background (checkpointer, WAL writer, …)";
        }
        // A backend: "<user> <database> <client> <state>".
        if (words.length >= 3) {
            return "backends " + words[1];
        }
        return "other";
    }

    private static boolean isBackgroundProcess(String rest) {
        return rest.startsWith("checkpointer") || rest.startsWith("background writer") || rest.startsWith("walwriter")
                || rest.startsWith("autovacuum launcher") || rest.startsWith("logical replication")
                || rest.startsWith("archiver") || rest.startsWith("stats") || rest.startsWith("startup")
                || rest.startsWith("walreceiver") || rest.startsWith("parallel worker");
    }

    private static String firstMatch(List<Rule> rules, String name) {
        for (Rule rule : rules) {
            if (rule.pattern().matcher(name).find()) {
                return rule.group();
            }
        }
        return null;
    }
}
