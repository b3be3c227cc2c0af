package io.sagaplatform.orchestrator.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The stored form of a saga's state; {@link SagaStore} converts it to and from the engine's record. */
@Entity
@Table(name = "saga_instance")
public class SagaInstanceEntity {

    @Id
    public UUID id;

    @Column(name = "saga_type", nullable = false, updatable = false)
    public String sagaType;

    @Column(name = "definition_version", nullable = false, updatable = false)
    public int definitionVersion;

    /**
     * The business key the saga is about, as its definition names it (an order id for place-order): one saga per
     * type and key.
     */
    @Column(name = "correlation_key", nullable = false, updatable = false)
    public String correlationKey;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public String phase;

    /** The index of the stage the saga executes or compensates (see {@code SagaDefinition#stages()}). */
    @Column(name = "current_stage", nullable = false)
    public int currentStage;

    /** The steps of the current stage that still wait for a reply (all of them once none does), joined by " + ". */
    @Column(name = "current_step_name")
    public String currentStepName;

    /** Where each step of the current stage stands: a JSON array of {@link StoredStep}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String steps;

    @Column(nullable = false)
    public int attempt;

    @Column(nullable = false)
    public int round;

    @Column(name = "awaiting_retry", nullable = false)
    public boolean awaitingRetry;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String data;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "started_at", nullable = false, updatable = false)
    public Instant startedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "wake_at")
    public Instant wakeAt;

    @Column(name = "deadline_at")
    public Instant deadlineAt;

    /** Consecutive failures to handle this saga's timer; reset by every successful transition. */
    @Column(name = "timer_failures", nullable = false)
    public int timerFailures;

    /** After a failed timer handling: not claimed again before this time. */
    @Column(name = "timer_retry_at")
    public Instant timerRetryAt;

    @Version
    public long version;
}
