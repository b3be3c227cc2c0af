package io.sagaplatform.orchestrator.persistence;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

/**
 * What operators did with parked records ({@code dead_letter_action}): a record is replayed or discarded once — the
 * primary key (dead-letter topic, partition, offset) refuses a second action, also one racing the first.
 */
@ApplicationScoped
public class DeadLetterLedger {

    /** What was done with one parked record, by whom, when and why; where a replay landed. */
    public record Action(String dlqTopic, int partition, long offset, String action, String originalTopic,
            String messageId, UUID sagaId, String operator, String reason, Instant at, Integer replayPartition,
            Long replayOffset) {
    }

    /** Where a record sits on a dead-letter topic. */
    public record Position(int partition, long offset) {
    }

    private final EntityManager em;

    DeadLetterLedger(EntityManager em) {
        this.em = em;
    }

    /**
     * Records the action, or fails with a constraint violation when the record was already acted on (in another
     * transaction that committed first).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Action action) {
        // plain JDBC: the nullable columns get their SQL types, which a native query's null parameters do not carry
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO dead_letter_action (dlq_topic, dlq_partition, dlq_offset, action, original_topic,
                        message_id, saga_id, operator, reason, acted_at, replay_partition, replay_offset)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)) {
                insert.setString(1, action.dlqTopic());
                insert.setInt(2, action.partition());
                insert.setLong(3, action.offset());
                insert.setString(4, action.action());
                insert.setString(5, action.originalTopic());
                insert.setObject(6, action.messageId(), Types.VARCHAR);
                insert.setObject(7, action.sagaId(), Types.OTHER);
                insert.setString(8, action.operator());
                insert.setObject(9, action.reason(), Types.VARCHAR);
                insert.setTimestamp(10, Timestamp.from(action.at()));
                insert.setObject(11, action.replayPartition(), Types.INTEGER);
                insert.setObject(12, action.replayOffset(), Types.BIGINT);
                insert.executeUpdate();
            }
        });
    }

    /** Where the replay of a record recorded in this transaction landed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replayedTo(String dlqTopic, Position parked, int partition, long offset) {
        em.createNativeQuery("UPDATE dead_letter_action SET replay_partition = ?4, replay_offset = ?5"
                + " WHERE dlq_topic = ?1 AND dlq_partition = ?2 AND dlq_offset = ?3")
                .setParameter(1, dlqTopic).setParameter(2, parked.partition()).setParameter(3, parked.offset())
                .setParameter(4, partition).setParameter(5, offset).executeUpdate();
    }

    /** The actions on the records of {@code dlqTopic} among {@code positions}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Position, Action> actions(String dlqTopic, List<Position> positions) {
        Map<Position, Action> found = new HashMap<>();
        if (positions.isEmpty()) {
            return found;
        }
        long from = positions.stream().mapToLong(Position::offset).min().orElseThrow();
        long to = positions.stream().mapToLong(Position::offset).max().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT dlq_partition, dlq_offset, action, original_topic, message_id, saga_id, operator, reason, acted_at,
                    replay_partition, replay_offset
                FROM dead_letter_action WHERE dlq_topic = ?1 AND dlq_offset BETWEEN ?2 AND ?3
                """).setParameter(1, dlqTopic).setParameter(2, from).setParameter(3, to).getResultList();
        java.util.Set<Position> wanted = new java.util.HashSet<>(positions);
        for (Object[] row : rows) {
            Position position = new Position(((Number) row[0]).intValue(), ((Number) row[1]).longValue());
            if (wanted.contains(position)) {
                found.put(position, new Action(dlqTopic, position.partition(), position.offset(), (String) row[2],
                        (String) row[3], (String) row[4], (UUID) row[5], (String) row[6], (String) row[7],
                        instant(row[8]), row[9] == null ? null : ((Number) row[9]).intValue(),
                        row[10] == null ? null : ((Number) row[10]).longValue()));
            }
        }
        return found;
    }

    /** How many records of one partition of {@code dlqTopic} in [{@code from}, {@code to}) were acted on, by action. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Long> counts(String dlqTopic, int partition, long from, long to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT action, count(*) FROM dead_letter_action
                WHERE dlq_topic = ?1 AND dlq_partition = ?2 AND dlq_offset >= ?3 AND dlq_offset < ?4
                GROUP BY action
                """).setParameter(1, dlqTopic).setParameter(2, partition).setParameter(3, from).setParameter(4, to)
                .getResultList();
        Map<String, Long> counts = new HashMap<>();
        for (Object[] row : rows) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value);
    }
}
