package io.sagaplatform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * Faults of the machine's PostgreSQL that a service must survive: the whole cluster restarting (every
 * connection of every database ends), and one relay's replication connection ended by the server.
 *
 * <p>A restart ends the connections of everything else on the cluster too, tests of other modules included:
 * use it only where nothing else runs (Maven runs one module's tests at a time).
 */
public final class PostgresFaults {

    private static final String VERSION = env("PG_VERSION", "15");
    private static final String CLUSTER = env("PG_CLUSTER", "main");

    private PostgresFaults() {
    }

    /**
     * {@code pg_ctlcluster <version> <cluster> restart} (fast shutdown: sessions are ended, not waited for), then
     * waits (bounded) until the cluster accepts logins again.
     */
    public static void restartCluster(Duration atMost) {
        try {
            Process restart = new ProcessBuilder("pg_ctlcluster", VERSION, CLUSTER, "restart", "-m", "fast")
                    .redirectErrorStream(true).start();
            String output = new String(restart.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!restart.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                restart.destroyForcibly();
                throw new IllegalStateException("pg_ctlcluster restart did not finish within " + atMost);
            }
            if (restart.exitValue() != 0) {
                throw new IllegalStateException("pg_ctlcluster " + VERSION + " " + CLUSTER + " restart failed ("
                        + restart.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run pg_ctlcluster (are we root on a Debian PostgreSQL?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        awaitAcceptingLogins(atMost);
    }

    /** Waits (bounded) until a login to the maintenance database succeeds. */
    public static void awaitAcceptingLogins(Duration atMost) {
        Awaitility.await("PostgreSQL accepting logins").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    try (Connection c = LocalPostgres.admin(); var st = c.createStatement()) {
                        return st.execute("SELECT 1");
                    }
                });
    }

    /**
     * Ends the walsender streaming {@code slot} ({@code pg_terminate_backend}), as a network cut or a server-side
     * timeout would.
     *
     * @return the pid of the ended walsender; empty when the slot had no active connection
     */
    public static OptionalInt terminateWalSender(String slot) {
        try (Connection admin = LocalPostgres.admin();
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
    public static boolean slotActive(String slot) {
        try (Connection admin = LocalPostgres.admin();
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

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
