package io.sagaplatform.messaging.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One row of the {@code outbox} table. Append-only: rows are inserted with the business change and never
 * updated; the relay reads the insert from the WAL, the retention job deletes old rows (deletes are not
 * published). Column names are those the relay's EventRouter configuration expects.
 */
@Entity
@Table(name = "outbox")
public class OutboxRecord {

    @Id
    public UUID id;

    /** {@code ce_id}: the row id, except for a command sent again with its original message id. */
    @Column(name = "message_id", nullable = false, updatable = false)
    public String messageId;

    @Column(name = "aggregate_type", nullable = false, updatable = false)
    public String aggregateType;

    @Column(name = "aggregate_id", nullable = false, updatable = false)
    public String aggregateId;

    @Column(nullable = false, updatable = false)
    public String topic;

    @Column(name = "message_key", nullable = false, updatable = false)
    public String messageKey;

    @Column(nullable = false, updatable = false)
    public String type;

    @Column(name = "schema_version", nullable = false, updatable = false)
    public int schemaVersion;

    @Column(nullable = false, updatable = false)
    public String source;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    public String payload;

    @Column(name = "saga_id", updatable = false)
    public UUID sagaId;

    @Column(name = "saga_type", updatable = false)
    public String sagaType;

    @Column(updatable = false)
    public String step;

    @Column(updatable = false)
    public Integer attempt;

    @Column(name = "causation_id", updatable = false)
    public String causationId;

    /** W3C trace context of the span that appended the row; the relay continues the trace from it. */
    @Column(updatable = false)
    public String traceparent;

    @Column(updatable = false)
    public String tracestate;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
