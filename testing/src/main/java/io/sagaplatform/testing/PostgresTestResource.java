package io.sagaplatform.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test its own fresh database on the local PostgreSQL (logical replication enabled) and
 * drops it, with its replication slots, when the application under test stops.
 *
 * <p>Use with {@code @WithTestResource(PostgresTestResource.class)} or {@code @QuarkusTestResource}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TestDatabase current;
    private TestDatabase database;

    @Override
    public Map<String, String> start() {
        database = TestDatabase.create(server());
        current = database;
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }

    /** The server the test database is created on: the machine's PostgreSQL. */
    protected PostgresServer server() {
        return PostgresServer.LOCAL;
    }

    /** The database of the application under test, for assertions made straight in SQL. */
    public static TestDatabase current() {
        if (current == null) {
            throw new IllegalStateException("No PostgresTestResource has started in this JVM");
        }
        return current;
    }
}
