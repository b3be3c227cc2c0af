package io.sagaplatform.messaging.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * Creates the relay's publication when it is missing: only the outbox and the heartbeat table, inserts
 * and updates only (the retention job's deletes are never streamed). Owned here rather than left to
 * Debezium's auto-create so that what is published is decided in one reviewed statement.
 */
final class PublicationSetup {

    private PublicationSetup() {
    }

    /**
     * Lets the relay's replication role read what it publishes and write its heartbeat, and nothing else.
     * Run as the service's role, which owns the tables; a no-op when the relay logs in as that same role.
     */
    static void grantRelayAccess(DataSource dataSource, String relayRole) throws SQLException {
        if (!relayRole.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Replication role must be a lower-case identifier: " + relayRole);
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            if (relayRole.equals(c.getMetaData().getUserName())) {
                return;
            }
            st.execute("GRANT USAGE ON SCHEMA public TO " + relayRole);
            st.execute("GRANT SELECT ON outbox TO " + relayRole);
            st.execute("GRANT SELECT, INSERT, UPDATE ON " + RelayEngineProperties.HEARTBEAT_TABLE + " TO " + relayRole);
        }
    }

    static void ensure(DataSource dataSource, String publication) throws SQLException {
        if (!publication.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Publication name must be a lower-case identifier: " + publication);
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
                ps.setString(1, publication);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE PUBLICATION " + publication + " FOR TABLE outbox, "
                        + RelayEngineProperties.HEARTBEAT_TABLE + " WITH (publish = 'insert, update')");
            } catch (SQLException e) {
                if (!"42710".equals(e.getSQLState())) { // duplicate_object: another replica was faster
                    throw e;
                }
            }
        }
    }
}
