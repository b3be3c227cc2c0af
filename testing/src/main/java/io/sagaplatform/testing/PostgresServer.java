package io.sagaplatform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Where a PostgreSQL server is and how tests log in to it: the machine's cluster ({@link #LOCAL}, see
 * {@link LocalPostgres}) or a private one a test started ({@link PostgresProcess}).
 */
public record PostgresServer(String host, int port, String user, String password) {

    /** The machine's PostgreSQL, as {@link LocalPostgres} describes it. */
    public static final PostgresServer LOCAL = new PostgresServer(LocalPostgres.HOST, LocalPostgres.PORT,
            LocalPostgres.USER, LocalPostgres.PASSWORD);

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A connection to the maintenance database, for creating and dropping test databases. */
    public Connection admin() {
        return connect("postgres");
    }

    public Connection connect(String database) {
        try {
            return DriverManager.getConnection(jdbcUrl(database), user, password);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach PostgreSQL at " + host + ":" + port + " as " + user + " ("
                    + e.getMessage() + "). Run the tests with ./saga test, or bring PostgreSQL up first with"
                    + " scripts/postgres.sh up.", e);
        }
    }
}
