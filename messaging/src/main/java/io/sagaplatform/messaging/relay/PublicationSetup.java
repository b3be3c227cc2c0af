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
