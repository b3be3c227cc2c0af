package io.sagaplatform.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole platform for end-to-end tests: every packaged service as its own process, each with its own
 * fresh database on the local PostgreSQL, all on one real Kafka broker. Closing it stops the processes and
 * drops the databases with their replication slots.
 */
public final class PlatformStack implements AutoCloseable {

    /** The five services and their modules. */
    public static final List<String> SERVICES = List.of("order-service", "inventory-service", "payment-service",
            "shipping-service", "orchestrator");

    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final List<TestDatabase> databases = new ArrayList<>();

    private PlatformStack() {
    }

    /**
     * Starts every service from {@code repoRoot}, with {@code extraEnvironment} given to all of them (e.g. the
     * orchestrator's timings), and waits until each is ready.
     */
    public static PlatformStack start(Path repoRoot, Map<String, String> extraEnvironment) {
        PlatformStack stack = new PlatformStack();
        try {
            String bootstrap = TestKafka.bootstrapServers();
            TestKafka.createTopics(io.sagaplatform.contracts.Topics.all(), 3);
            Path logs = repoRoot.resolve("e2e-tests/target/service-logs");
            for (String name : SERVICES) {
                TestDatabase db = TestDatabase.create();
                stack.databases.add(db);
                Map<String, String> env = new LinkedHashMap<>();
                env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
                env.put("QUARKUS_DATASOURCE_USERNAME", db.user());
                env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
                env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
                env.putAll(Tokens.verificationEnvironment());
                // least privilege, as deployed: the relay replicates as a role that may only read the outbox
                // and write its heartbeat (granted by the service); the service's role plays the owner
                env.put("SAGA_MESSAGING_RELAY_REPLICATION_USER", TestDatabase.RELAY_ROLE);
                env.put("SAGA_MESSAGING_RELAY_REPLICATION_PASSWORD", TestDatabase.RELAY_ROLE);
                env.putAll(extraEnvironment);
                stack.services.put(name, new ServiceProcess(name,
                        repoRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"), env, logs));
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

    /** The database of a service, for invariant checks straight in SQL. */
    public TestDatabase database(String name) {
        return databases.get(SERVICES.indexOf(name));
    }

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::stop);
        databases.forEach(TestDatabase::close);
    }
}
