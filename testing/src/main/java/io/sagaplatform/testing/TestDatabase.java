package io.sagaplatform.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sagaplatform.stack.DropDatabaseScript;

/**
 * A database created for one test run on the local PostgreSQL and dropped afterwards together with every
 * replication slot that points at it: an orphaned slot pins WAL for the whole cluster and fills the disk.
 *
 * <p>Names are {@code sagatest_<epoch seconds>_<random>}, so that a run killed before it could clean up
 * is swept by the next one once its database is older than {@link #ORPHAN_AGE}.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String PREFIX = "sagatest_";
    /**
     * The replication-only role (scripts/postgres.sh makes it, password = name) a service's relay may log in
     * as in a test database, given access by the service's grants like a deployed {@code <database>_relay}.
     */
    public static final String RELAY_ROLE = "saga_test_relay";
    static final Duration ORPHAN_AGE = Duration.ofHours(2);
    private static final Pattern NAME = Pattern.compile(PREFIX + "(\\d+)_[a-z0-9]+");

    private final PostgresServer server;
    private final String name;

    private TestDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** A new database on the machine's PostgreSQL. */
    public static TestDatabase create() {
        return create(PostgresServer.LOCAL);
    }

    /** A new database on {@code server}. */
    public static TestDatabase create(PostgresServer server) {
        sweepOrphans(server);
        String name = PREFIX + Instant.now().getEpochSecond() + "_"
                + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
        try (Connection admin = server.admin(); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(server, name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public Connection connect() {
        return server.connect(name);
    }

    /** Runs a counting query ({@code SELECT count(*) …}, parameters as {@code ?}) straight on the database. */
    public long count(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Replication slots that currently point at this database. */
    public List<String> replicationSlots() {
        List<String> slots = new ArrayList<>();
        try (Connection admin = server.admin();
                PreparedStatement ps = admin.prepareStatement(
                        "SELECT slot_name FROM pg_replication_slots WHERE database = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    slots.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list replication slots of " + name + ": " + e.getMessage(), e);
        }
        return slots;
    }

    @Override
    public void close() {
        drop(server, name);
    }

    /** Drops slots and databases left by test runs that died before they could clean up. */
    static void sweepOrphans(PostgresServer server) {
        Instant cutoff = Instant.now().minus(ORPHAN_AGE);
        List<String> orphans = new ArrayList<>();
        try (Connection admin = server.admin();
                PreparedStatement ps = admin.prepareStatement("SELECT datname FROM pg_database WHERE datname LIKE ?")) {
            ps.setString(1, PREFIX + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = NAME.matcher(rs.getString(1));
                    if (m.matches() && Instant.ofEpochSecond(Long.parseLong(m.group(1))).isBefore(cutoff)) {
                        orphans.add(rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list test databases: " + e.getMessage(), e);
        }
        orphans.forEach(orphan -> drop(server, orphan));
    }

    /**
     * The platform's one teardown of a database (the {@code stack} module's {@link DropDatabaseScript}, which
     * {@code scripts/postgres.sh} runs through psql for leftovers and {@code ./saga reset}): connections blocked,
     * sessions and walsenders ended, slots dropped (retried while one turns active again), the database dropped.
     * Each statement runs on its own in autocommit mode, as DROP DATABASE needs.
     */
    private static void drop(PostgresServer server, String database) {
        try (Connection admin = server.admin(); Statement st = admin.createStatement()) {
            for (String sql : DropDatabaseScript.statements(database)) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test database " + database + " and its replication slots: "
                    + e.getMessage(), e);
        }
    }
}
