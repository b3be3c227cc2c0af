package io.sagaplatform.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The platform's services: the one table {@code ./saga}, {@code scripts/postgres.sh} (through
 * {@code ./saga databases}), the end-to-end tests and the load generator read.
 *
 * @param name the service's name, which is also its Maven module
 * @param portOffset its HTTP port on the local stack is {@code SAGA_PORT_BASE} (default 8080) plus this; its
 *        management port ({@code /q/metrics}, {@code /q/health}) is that plus {@link #MANAGEMENT_PORT_SHIFT}
 * @param database its database on the local stack (also its role; its relay replicates as {@code <database>_relay}
 *        through the slot {@code <database>_outbox})
 * @param nice whether it runs behind the door, {@code SAGA_BACKEND_NICE} nicer than order-service
 */
public record StackService(String name, int portOffset, String database, boolean nice) {

    /** In start order: the orchestrator first, as {@code ./saga run} always started them. */
    public static final List<StackService> ALL = List.of(
            new StackService("orchestrator", 0, "orchestrator", true),
            new StackService("order-service", 1, "order_service", false),
            new StackService("inventory-service", 2, "inventory_service", true),
            new StackService("payment-service", 3, "payment_service", true),
            new StackService("shipping-service", 4, "shipping_service", true));

    /** The local stack's first port: {@code SAGA_PORT_BASE}, 8080 unless set. */
    public static final int DEFAULT_PORT_BASE = 8080;

    /**
     * A service's management interface (metrics and health, {@code quarkus.management.port}) listens this far above
     * its HTTP port: 9080-9084 by default, clear of Kafka (9092/9093) and Prometheus (9090), and moved along with
     * {@code SAGA_PORT_BASE} for a second stack (18080 gives 19080-19084). The services' application.properties,
     * Compose and Kubernetes use the same numbers.
     */
    public static final int MANAGEMENT_PORT_SHIFT = 1000;

    public static StackService named(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("No service " + name + " in "
                + ALL.stream().map(StackService::name).toList()));
    }

    public static Optional<StackService> find(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    /** The names, in start order. */
    public static List<String> names() {
        return ALL.stream().map(StackService::name).toList();
    }

    public int port(int portBase) {
        return portBase + portOffset;
    }

    /** Its management port (metrics and health) on a stack whose first port is {@code portBase}. */
    public int managementPort(int portBase) {
        return port(portBase) + MANAGEMENT_PORT_SHIFT;
    }

    /** The runnable jar {@code ./mvnw package} makes. */
    public Path jar(Path repoRoot) {
        return repoRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Whether its module exists in this checkout (a service exists once its module has a pom). */
    public boolean exists(Path repoRoot) {
        return Files.isRegularFile(repoRoot.resolve(name).resolve("pom.xml"));
    }
}
