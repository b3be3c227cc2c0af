package io.sagaplatform.messaging.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

import javax.sql.DataSource;

/**
 * Where the relay's replication slot stands: the last position the relay confirmed ({@code confirmed_flush_lsn})
 * and how many bytes of WAL the server keeps for it ({@code pg_wal_lsn_diff(pg_current_wal_lsn(),
 * confirmed_flush_lsn)}). A lag that only grows means the relay is not confirming — a stopped relay, or a slot
 * nobody streams — and the server will eventually run out of disk. Empty when it cannot be read (no slot yet,
 * database unreachable, a standby that has no current WAL position).
 */
public record SlotPosition(Optional<String> confirmedFlushLsn, OptionalLong lagBytes) {

    static final SlotPosition UNKNOWN = new SlotPosition(Optional.empty(), OptionalLong.empty());

    /** Reads the slot's position, giving up after {@code timeoutSeconds}: the reader must not hang on the database. */
    static SlotPosition read(DataSource dataSource, String slotName, int timeoutSeconds) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT confirmed_flush_lsn::text, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint
                        FROM pg_replication_slots WHERE slot_name = ?""")) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setString(1, slotName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return UNKNOWN;
                }
                String lsn = rs.getString(1);
                long lag = rs.getLong(2);
                return new SlotPosition(Optional.ofNullable(lsn), rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(lag));
            }
        } catch (SQLException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
