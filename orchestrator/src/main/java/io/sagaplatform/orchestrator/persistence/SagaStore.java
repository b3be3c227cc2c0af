package io.sagaplatform.orchestrator.persistence;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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

    /** Whether a saga of this type exists for this correlation key. */
    public boolean existsFor(String sagaType, String key) {
        return !em.createQuery("SELECT s.id FROM SagaInstanceEntity s WHERE s.sagaType = :type"
                + " AND s.correlationKey = :key", UUID.class).setParameter("type", sagaType).setParameter("key", key)
                .getResultList().isEmpty();
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
                  AND (timer_retry_at IS NULL OR timer_retry_at <= ?1)
                ORDER BY coalesce(least(wake_at, deadline_at), wake_at, deadline_at)
                LIMIT 1 FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter(1, now)
                .getResultList();
        return ids.stream().findFirst();
    }

    /**
     * Records that handling the saga's timer failed (in its own transaction: the handling's was rolled back), so
     * that the saga is not claimed again for a while — 1 s after the first failure, doubling up to a minute — and
     * the other sagas' timers go on. After
     * {@code maxFailures} consecutive failures the saga is left FAILED with the error, for an operator.
     *
     * @return the number of consecutive failures, this one included
     */
    public int recordTimerFailure(UUID sagaId, Instant now, String error, int maxFailures) {
        @SuppressWarnings("unchecked")
        List<Number> counted = em.createNativeQuery("UPDATE saga_instance SET timer_failures = timer_failures + 1,"
                + " timer_retry_at = CAST(?2 AS timestamptz) + least(60, power(2, timer_failures)) * interval '1 second'"
                + " WHERE id = ?1 RETURNING timer_failures")
                .setParameter(1, sagaId).setParameter(2, now).getResultList();
        int failures = counted.isEmpty() ? 0 : counted.get(0).intValue();
        if (failures >= maxFailures) {
            String reason = "the orchestrator failed " + failures + " times in a row to handle this saga's timer: "
                    + error;
            int updated = em.createNativeQuery("UPDATE saga_instance SET status = 'FAILED', failure_reason = ?2,"
                    + " wake_at = NULL, updated_at = ?3, finished_at = ?3, version = version + 1"
                    + " WHERE id = ?1 AND status IN ('RUNNING', 'COMPENSATING')")
                    .setParameter(1, sagaId).setParameter(2, reason.length() > 2000 ? reason.substring(0, 2000) : reason)
                    .setParameter(3, now).executeUpdate();
            if (updated == 1) {
                append(sagaId, List.of(new TimelineEvent(now, TimelineEvent.Kind.SAGA_FAILED, Optional.empty(), 0,
                        Optional.empty(), Optional.empty(), reason + "; needs an operator")));
            }
        }
        return failures;
    }

    /**
     * Aborts a saga the engine cannot read ({@link UnreadableSaga}): nothing is sent, the operator and the reason
     * go to the timeline.
     */
    public void abortUnreadable(SagaInstanceEntity entity, String operator, String reason, Instant now) {
        entity.status = SagaStatus.ABORTED.name();
        entity.wakeAt = null;
        entity.deadlineAt = null;
        entity.updatedAt = now;
        entity.finishedAt = now;
        append(entity.id, List.of(new TimelineEvent(now, TimelineEvent.Kind.OPERATOR_ABORT, Optional.empty(), 0,
                Optional.empty(), Optional.empty(), "aborted by " + operator
                        + (reason == null || reason.isBlank() ? "" : ": " + reason) + " (its data could not be read)")));
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
            throw new UnreadableSaga(entity.id, "Saga " + entity.id + " has unreadable data: " + e.getMessage(), e);
        }
    }

    public <D> SagaInstanceEntity insert(Transition<D> transition, SagaDefinition<D> definition, String key) {
        SagaInstanceEntity entity = new SagaInstanceEntity();
        entity.id = transition.state().sagaId();
        entity.sagaType = transition.state().sagaType();
        entity.definitionVersion = transition.state().definitionVersion();
        entity.correlationKey = key;
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

    /**
     * The latest {@code limit} entries of a saga's timeline before the entry {@code before} (all when null), oldest
     * first: one index range of {@code saga_timeline_saga}, whatever the length of the whole timeline.
     */
    public List<SagaTimelineEntity> timeline(UUID sagaId, Long before, int limit) {
        var latest = em.createQuery("FROM SagaTimelineEntity t WHERE t.sagaId = :id"
                + (before == null ? "" : " AND t.id < :before") + " ORDER BY t.id DESC", SagaTimelineEntity.class)
                .setParameter("id", sagaId)
                .setMaxResults(limit);
        if (before != null) {
            latest.setParameter("before", before);
        }
        List<SagaTimelineEntity> entries = new ArrayList<>(latest.getResultList());
        Collections.reverse(entries);
        return entries;
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
        entity.timerFailures = 0;
        entity.timerRetryAt = null;
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
