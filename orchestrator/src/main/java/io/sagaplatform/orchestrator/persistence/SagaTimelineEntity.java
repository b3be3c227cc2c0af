package io.sagaplatform.orchestrator.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One timeline entry; rows are only ever inserted. */
@Entity
@Table(name = "saga_timeline")
public class SagaTimelineEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "saga_id", nullable = false, updatable = false)
    public UUID sagaId;

    @Column(nullable = false, updatable = false)
    public Instant at;

    @Column(nullable = false, updatable = false)
    public String kind;

    @Column(updatable = false)
    public String step;

    @Column(nullable = false, updatable = false)
    public int attempt;

    @Column(name = "message_type", updatable = false)
    public String messageType;

    @Column(name = "message_id", updatable = false)
    public String messageId;

    @Column(nullable = false, updatable = false)
    public String detail;
}
