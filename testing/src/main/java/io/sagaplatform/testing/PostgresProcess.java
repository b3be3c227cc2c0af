package io.sagaplatform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import io.sagaplatform.stack.ChildProcess;

import org.awaitility.Awaitility;

/**
 * A private PostgreSQL server (the machine's PostgreSQL binaries, {@code initdb} into a fresh directory, a free
 * port, {@code wal_level=logical}) for tests that restart PostgreSQL or end its connections: doing that to the
 * machine's shared cluster would break whatever else uses it — and anything else sweeping the shared cluster's
 * test databases cannot touch this one. Closing it stops the server and deletes its directory; a JVM shutdown
 * hook does the same for a run that never gets there.
 *
 * <p>Binaries: {@code $SAGA_TEST_PG_BIN}, else {@code /usr/lib/postgresql/$PG_VERSION/bin} (Debian; 15 by
 * default). Run as root, the server runs as the {@code postgres} user (PostgreSQL refuses to run as root).
 */
public final class PostgresProcess implements AutoCloseable {

    private static final String USER = "saga_test";
    private static final String PASSWORD = "saga_test";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path dir;
    private final Path data;
    private final Path log;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;
    private final ChildProcess.Cleanup cleanup;

    private PostgresProcess() {
        this.bin = Path.of(env("SAGA_TEST_PG_BIN", "/usr/lib/postgresql/" + env("PG_VERSION", "15") + "/bin"));
        if (!Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new IllegalStateException("No PostgreSQL binaries in " + bin + " (set SAGA_TEST_PG_BIN)");
        }
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        try {
            // under /tmp: the postgres user must be able to reach it, whoever owns the repository
            this.dir = Files.createTempDirectory("saga-test-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
        this.port = ChildProcess.freePort();
        this.cleanup = ChildProcess.atJvmExit("postgres-process-cleanup", this::destroyQuietly);
    }

    /**
     * initdb, start, and the roles the machine's cluster has: {@code saga_test} (LOGIN CREATEDB REPLICATION) and
     * the relays' replication-only {@link TestDatabase#RELAY_ROLE}.
     */
    public static PostgresProcess start() {
        PostgresProcess pg = new PostgresProcess();
        try {
            if (pg.asPostgresUser) {
                ChildProcess.run(Duration.ofSeconds(30), List.of("chown", "postgres:postgres", pg.dir.toString()));
            }
            pg.runAsOwner(START_TIMEOUT, pg.bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-sync");
            pg.pgCtl("start");
            pg.awaitAcceptingLogins(START_TIMEOUT);
            try (Connection c = pg.superuser(); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE " + USER + " LOGIN CREATEDB REPLICATION PASSWORD '" + PASSWORD + "'");
                st.execute("CREATE ROLE " + TestDatabase.RELAY_ROLE + " LOGIN REPLICATION PASSWORD '"
                        + TestDatabase.RELAY_ROLE + "'");
                // so that the test role may end a relay's leftover walsender when it drops a database
                st.execute("GRANT " + TestDatabase.RELAY_ROLE + " TO " + USER);
            }
            return pg;
        } catch (SQLException e) {
            pg.close();
            throw new IllegalStateException("Cannot set up the private PostgreSQL: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** Coordinates for {@link TestDatabase#create(PostgresServer)} and the services. */
    public PostgresServer server() {
        return new PostgresServer("localhost", port, USER, PASSWORD);
    }

    public Path log() {
        return log;
    }

    /**
     * {@code pg_ctl restart -m fast}: every session is ended (not waited for), the server shuts down cleanly and
     * comes back; waits (bounded) until it accepts logins again.
     */
    public void restart() {
        pgCtl("restart");
        awaitAcceptingLogins(START_TIMEOUT);
    }

    /**
     * A database outage as the services see it: the server stops now ({@code pg_ctl stop -m fast}: sessions
     * ended, new connections refused) and starts again when the returned handle is closed, which waits (bounded)
     * until it accepts logins.
     */
    public AutoCloseable outage() {
        pgCtl("stop");
        return () -> {
            pgCtl("start");
            awaitAcceptingLogins(START_TIMEOUT);
        };
    }

    /** Waits (bounded) until a login succeeds. */
    public void awaitAcceptingLogins(Duration atMost) {
        Awaitility.await("PostgreSQL on port " + port + " accepting logins").atMost(atMost)
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                    try (Connection c = superuser(); Statement st = c.createStatement()) {
                        return st.execute("SELECT 1");
                    }
                });
    }

    private Connection superuser() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
    }

    /**
     * Ends the walsender streaming {@code slot} ({@code pg_terminate_backend}), as a network cut or a server-side
     * timeout would.
     *
     * @return the pid of the ended walsender; empty when the slot had no active connection
     */
    public OptionalInt terminateWalSender(String slot) {
        // as the superuser: the walsender runs as the relays' role, whose backends the test role may not end
        try (Connection admin = superuser();
                PreparedStatement ps = admin.prepareStatement("SELECT active_pid, pg_terminate_backend(active_pid)"
                        + " FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(2) ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot terminate the walsender of slot " + slot + ": " + e.getMessage(), e);
        }
    }

    /** Whether a walsender streams {@code slot} right now. */
    public boolean slotActive(String slot) {
        try (Connection admin = server().admin();
                PreparedStatement ps = admin.prepareStatement(
                        "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read slot " + slot + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server at once (its databases go with it) and deletes its directory. */
    @Override
    public void close() {
        cleanup.close();
    }

    private void destroyQuietly() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                runAsOwner(Duration.ofSeconds(60), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m",
                        "immediate", "-w", "stop");
            } catch (RuntimeException e) {
                System.err.println("Could not stop the private PostgreSQL in " + data + ": " + e.getMessage());
            }
        }
        ChildProcess.deleteTree(dir);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    private void pgCtl(String action) {
        String options = String.join(" ", "-p " + port, "-c listen_addresses=localhost",
                "-c unix_socket_directories=" + dir, "-c wal_level=logical", "-c max_replication_slots=32",
                "-c max_wal_senders=32", "-c max_connections=300", "-c fsync=off", "-c full_page_writes=off");
        runAsOwner(START_TIMEOUT, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w",
                "-t", Long.toString(START_TIMEOUT.toSeconds()), "-m", "fast", "-o", options, action);
    }

    private void runAsOwner(Duration atMost, String... command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        ChildProcess.run(atMost, full);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
