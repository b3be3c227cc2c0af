package io.sagaplatform.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Like {@link PostgresTestResource}, but the database lives on a private PostgreSQL server
 * ({@link PostgresProcess}) that the test may stop and start — an outage the machine's shared cluster must never
 * see. The server and its directory go when the application under test stops.
 */
public class PrivatePostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile PostgresProcess current;
    private PostgresProcess server;

    @Override
    public Map<String, String> start() {
        server = PostgresProcess.start();
        current = server;
        TestDatabase database = TestDatabase.create(server.server());
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close(); // its databases and slots go with it
        }
    }

    /** The private server of the application under test. */
    public static PostgresProcess current() {
        if (current == null) {
            throw new IllegalStateException("No PrivatePostgresTestResource has started in this JVM");
        }
        return current;
    }
}
