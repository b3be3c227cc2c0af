package io.sagaplatform.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.sagaplatform.stack.ChildProcess;
import io.sagaplatform.stack.ServiceProcess;
import io.sagaplatform.stack.StackService;

/**
 * The whole platform for end-to-end tests: every packaged service as its own process, each with its own
 * fresh database on the local PostgreSQL, all on one real Kafka broker. Closing it stops the processes and
 * drops the databases with their replication slots.
 *
 * <p>The broker is the JVM's in-process {@link TestKafka} unless the stack was built with its own
 * {@link KafkaProcess} ({@link Builder#brokerProcess}), which fault-injection tests kill and restart.
 */
public final class PlatformStack implements AutoCloseable {

    /** The five services (and modules), from the one table the local stack reads too ({@link StackService}). */
    public static final List<String> SERVICES = StackService.names();

    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final List<TestDatabase> databases = new ArrayList<>();
    private KafkaProcess broker;
    private PostgresProcess postgres;
    private String bootstrapServers;

    private PlatformStack() {
    }

    /**
     * Starts every service from {@code repoRoot}, with {@code extraEnvironment} given to all of them (e.g. the
     * orchestrator's timings), on the in-JVM broker of {@link TestKafka}, and waits until each is ready.
     */
    public static PlatformStack start(Path repoRoot, Map<String, String> extraEnvironment) {
        return builder(repoRoot).environment(extraEnvironment).start();
    }

    /** A stack to configure before starting it: where its logs go, which broker it uses. */
    public static Builder builder(Path repoRoot) {
        return new Builder(repoRoot);
    }

    /** Options of a stack; {@link #start()} starts it. */
    public static final class Builder {

        private final Path repoRoot;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path logDir;
        private Path brokerParent;
        private boolean privatePostgres;

        private Builder(Path repoRoot) {
            this.repoRoot = repoRoot;
            this.logDir = repoRoot.resolve("e2e-tests/target/service-logs");
        }

        /** Environment variables given to every service (added to what the stack sets itself). */
        public Builder environment(Map<String, String> extra) {
            environment.putAll(extra);
            return this;
        }

        /** Where each service logs ({@code <service>.log}, appended across restarts). */
        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        /**
         * Runs the stack on its own broker process ({@link KafkaProcess}, home under {@code parent}) instead of
         * the JVM's in-process {@link TestKafka}, so that the broker can be killed and restarted; closing the
         * stack stops it and deletes its data.
         */
        public Builder brokerProcess(Path parent) {
            this.brokerParent = parent;
            return this;
        }

        /**
         * Puts the services' databases on a private PostgreSQL server ({@link PostgresProcess}) instead of the
         * machine's cluster, so that the test may restart it or end its connections without touching anything
         * else; closing the stack stops it and deletes its data.
         */
        public Builder privatePostgres() {
            this.privatePostgres = true;
            return this;
        }

        /** Starts the broker if the stack has its own, then every service, and waits until each is ready. */
        public PlatformStack start() {
            PlatformStack stack = new PlatformStack();
            try {
                String bootstrap;
                if (brokerParent != null) {
                    stack.broker = KafkaProcess.start(repoRoot, brokerParent);
                    stack.broker.createTopics(io.sagaplatform.contracts.Topics.all(), 3);
                    bootstrap = stack.broker.bootstrapServers();
                } else {
                    bootstrap = TestKafka.bootstrapServers();
                    TestKafka.createTopics(io.sagaplatform.contracts.Topics.all(), 3);
                }
                stack.bootstrapServers = bootstrap;
                PostgresServer server = PostgresServer.LOCAL;
                if (privatePostgres) {
                    stack.postgres = PostgresProcess.start();
                    server = stack.postgres.server();
                }
                for (StackService service : StackService.ALL) {
                    TestDatabase db = TestDatabase.create(server);
                    stack.databases.add(db);
                    // least privilege, as deployed: the relay replicates as a role that may only read the outbox
                    // and write its heartbeat (granted by the service); the service's role plays the owner
                    Map<String, String> env = new LinkedHashMap<>(ServiceProcess.environment(db.jdbcUrl(), db.user(),
                            db.password(), TestDatabase.RELAY_ROLE, TestDatabase.RELAY_ROLE, bootstrap));
                    env.putAll(Tokens.verificationEnvironment());
                    env.putAll(environment);
                    stack.services.put(service.name(), new ServiceProcess(service.jar(repoRoot),
                            List.of(ServiceProcess.jvmFlagsFile(repoRoot)), env, 0, 0,
                            new ChildProcess(service.name(), logDir.resolve(service.name() + ".log"))));
                }
                // the orchestrator's dashboard asks order-service about its door, on whatever port it got
                if (stack.services.containsKey("orchestrator") && stack.services.containsKey("order-service")) {
                    stack.services.get("orchestrator").environment("SAGA_ORCHESTRATOR_ORDER_SERVICE_URL",
                            stack.services.get("order-service").url());
                }
                stack.services.values().forEach(ServiceProcess::start);
                CompletableFuture.allOf(stack.services.values().stream()
                        .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(Duration.ofMinutes(3))))
                        .toArray(CompletableFuture[]::new)).join();
                return stack;
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
        }
    }

    /** The broker's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The stack's own broker process.
     *
     * @throws IllegalStateException when the stack runs on the in-JVM broker (see {@link Builder#brokerProcess})
     */
    public KafkaProcess broker() {
        if (broker == null) {
            throw new IllegalStateException("This stack runs on the in-JVM broker, which cannot be killed on its own");
        }
        return broker;
    }

    public ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No service " + name + " in " + services.keySet());
        }
        return service;
    }

    public String url(String name) {
        return service(name).url();
    }

    /** Where a service serves {@code /q/metrics} and {@code /q/health}: its management interface. */
    public String managementUrl(String name) {
        return service(name).managementUrl();
    }

    /**
     * The stack's own PostgreSQL server.
     *
     * @throws IllegalStateException when the stack runs on the machine's cluster (see {@link Builder#privatePostgres})
     */
    public PostgresProcess postgres() {
        if (postgres == null) {
            throw new IllegalStateException("This stack runs on the machine's PostgreSQL, which it must not restart");
        }
        return postgres;
    }

    /** The database of a service, for invariant checks straight in SQL. */
    public TestDatabase database(String name) {
        return databases.get(SERVICES.indexOf(name));
    }

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::stop);
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close(); // its databases and slots go with it
        } else {
            databases.forEach(TestDatabase::close);
        }
    }
}
