package io.sagaplatform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Where the machine's PostgreSQL is and how tests log in to it. {@code scripts/postgres.sh up} (run by
 * {@code ./saga test}) starts the cluster with {@code wal_level=logical} and creates the
 * {@code saga_test} role (LOGIN CREATEDB REPLICATION) used here.
 *
 * <p>Overridable with the environment variables {@code SAGA_TEST_PG_HOST}, {@code SAGA_TEST_PG_PORT},
 * {@code SAGA_TEST_PG_USER} and {@code SAGA_TEST_PG_PASSWORD}.
 */
public final class LocalPostgres {

    public static final String HOST = env("SAGA_TEST_PG_HOST", "localhost");
    public static final int PORT = Integer.parseInt(env("SAGA_TEST_PG_PORT", "5432"));
    public static final String USER = env("SAGA_TEST_PG_USER", "saga_test");
    public static final String PASSWORD = env("SAGA_TEST_PG_PASSWORD", "saga_test");

    private LocalPostgres() {
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** A connection to the maintenance database, for creating and dropping test databases. */
    public static Connection admin() {
        return connect("postgres");
    }

    public static Connection connect(String database) {
        try {
            return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the local PostgreSQL at " + HOST + ":" + PORT
                    + " as " + USER + " (" + e.getMessage() + "). Run the tests with ./saga test, or bring"
                    + " PostgreSQL up first with scripts/postgres.sh up.", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
