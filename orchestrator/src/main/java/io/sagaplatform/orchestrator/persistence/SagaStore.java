package io.sagaplatform.orchestrator.persistence;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sagaplatform.orchestrator.engine.Phase;
import io.sagaplatform.orchestrator.engine.SagaDefinition;
import io.sagaplatform.orchestrator.engine.SagaState;
import io.sagaplatform.orchestrator.engine.SagaStatus;
import io.sagaplatform.orchestrator.engine.StepState;
import io.sagaplatform.orchestrator.engine.TimelineEvent;
import io.sagaplatform.orchestrator.engine.Transition;

/**
 * Loads and stores saga state and timelines. Every method joins the caller's transaction: a state change,
 * its timeline entries and its commands (written to the outbox by the caller) commit together.
 */
@ApplicationScoped
public class SagaStore {

    private final EntityManager em;
    private final ObjectMapper json;

    SagaStore(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    public Optional<SagaInstanceEntity> find(UUID sagaId) {
        return Optional.ofNullable(em.find(SagaInstanceEntity.class, sagaId));
    }

    public boolean existsFor(String sagaType, UUID orderId) {
        return !em.createQuery("SELECT s.id FROM SagaInstanceEntity s WHERE s.sagaType = :type AND s.orderId = :order",
                UUID.class).setParameter("type", sagaType).setParameter("order", orderId).getResultList().isEmpty();
    }

    /**
     * Claims one saga whose wake-up time or deadline has come, locking its row; a saga locked by another
     * replica (or by a reply being handled) is skipped, not waited for.
     */
    public Optional<UUID> claimDue(Instant now) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("""
                SELECT id FROM saga_instance
                WHERE status IN ('RUNNING', 'COMPENSATING') AND (wake_at <= ?1 OR deadline_at <= ?1)
                ORDER BY coalesce(least(wake_at, deadline_at), wake_at, deadline_at)
                LIMIT 1 FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter(1, now)
                .getResultList();
        return ids.stream().findFirst();
    }

    public <D> SagaState<D> state(SagaInstanceEntity entity, SagaDefinition<D> definition) {
        try {
            D data = json.readValue(entity.data, definition.dataType());
            List<StepState> steps = java.util.Arrays.stream(json.readValue(entity.steps, StoredStep[].class))
                    .map(StoredStep::toState).toList();
            return new SagaState<>(entity.id, entity.sagaType, entity.definitionVersion,
                    SagaStatus.valueOf(entity.status), Phase.valueOf(entity.phase), entity.currentStage,
                    entity.round, steps, data, Optional.ofNullable(entity.failureReason),
                    entity.startedAt, entity.updatedAt, Optional.ofNullable(entity.deadlineAt));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Saga " + entity.id + " has unreadable data: " + e.getMessage(), e);
        }
    }

    public <D> SagaInstanceEntity insert(Transition<D> transition, SagaDefinition<D> definition, UUID orderId) {
        SagaInstanceEntity entity = new SagaInstanceEntity();
        entity.id = transition.state().sagaId();
        entity.sagaType = transition.state().sagaType();
        entity.definitionVersion = transition.state().definitionVersion();
        entity.orderId = orderId;
        entity.startedAt = transition.state().startedAt();
        copy(transition.state(), definition, entity);
        em.persist(entity);
        append(entity.id, transition.timeline());
        return entity;
    }

    public <D> void update(SagaInstanceEntity entity, Transition<D> transition, SagaDefinition<D> definition) {
        copy(transition.state(), definition, entity);
        append(entity.id, transition.timeline());
    }

    public List<SagaTimelineEntity> timeline(UUID sagaId) {
        return em.createQuery("FROM SagaTimelineEntity t WHERE t.sagaId = :id ORDER BY t.id", SagaTimelineEntity.class)
                .setParameter("id", sagaId).getResultList();
    }

    private <D> void copy(SagaState<D> state, SagaDefinition<D> definition, SagaInstanceEntity entity) {
        SagaStatus previous = entity.status == null ? null : SagaStatus.valueOf(entity.status);
        entity.status = state.status().name();
        entity.phase = state.phase().name();
        entity.currentStage = state.stage();
        List<StepState> named = state.unsettled().isEmpty() ? state.steps() : state.unsettled();
        String names = String.join(" + ", named.stream().map(StepState::step).toList());
        entity.currentStepName = names.isEmpty() ? null : names.length() > 200 ? names.substring(0, 200) : names;
        entity.attempt = state.attempt();
        entity.round = state.round();
        entity.awaitingRetry = state.awaitingRetry();
        entity.failureReason = state.failureReason().map(r -> r.length() > 2000 ? r.substring(0, 2000) : r)
                .orElse(null);
        entity.updatedAt = state.updatedAt();
        entity.wakeAt = state.wakeAt().orElse(null);
        entity.deadlineAt = state.deadline().orElse(null);
        if (!state.status().isActive() && (previous == null || previous.isActive())) {
            entity.finishedAt = state.updatedAt();
        } else if (state.status().isActive()) {
            entity.finishedAt = null;
        }
        try {
            entity.data = json.writeValueAsString(state.data());
            entity.steps = json.writeValueAsString(state.steps().stream().map(StoredStep::of).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store the data of saga " + state.sagaId(), e);
        }
    }

    /**
     * Appends a transition's timeline in one statement (a transition records one to a handful of entries). The ids
     * come from the table's own sequence in the order given, so a saga's history reads back in the order it
     * happened whichever replica wrote it.
     */
    private void append(UUID sagaId, List<TimelineEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder(
                "INSERT INTO saga_timeline (saga_id, at, kind, step, attempt, message_type, message_id, detail) VALUES ");
        for (int i = 0; i < events.size(); i++) {
            // typed in SQL: the values travel as text and PostgreSQL converts them, whatever the driver's guesses
            sql.append(i == 0 ? "" : ", ").append("(CAST(? AS uuid), CAST(? AS timestamptz), ?, ?, ?, ?, ?, ?)");
        }
        em.flush(); // the saga's own row first: the entries refer to it
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < events.size(); i++) {
                    TimelineEvent event = events.get(i);
                    int p = i * 8;
                    insert.setString(p + 1, sagaId.toString());
                    insert.setString(p + 2, event.at().toString());
                    insert.setString(p + 3, event.kind().name());
                    insert.setString(p + 4, event.step().orElse(null));
                    insert.setInt(p + 5, event.attempt());
                    insert.setString(p + 6, event.messageType().orElse(null));
                    insert.setString(p + 7, event.messageId().orElse(null));
                    insert.setString(p + 8, event.detail().length() > 2000 ? event.detail().substring(0, 2000)
                            : event.detail());
                }
                insert.executeUpdate();
            }
        });
    }
}
