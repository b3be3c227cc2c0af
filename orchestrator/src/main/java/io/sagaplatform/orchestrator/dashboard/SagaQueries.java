package io.sagaplatform.orchestrator.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import io.sagaplatform.orchestrator.engine.SagaStatus;
import io.sagaplatform.orchestrator.persistence.SagaInstanceEntity;

/** The dashboard's reads, straight in SQL over the indexed columns of {@code saga_instance}. */
@ApplicationScoped
public class SagaQueries {

    /** Filters of {@code GET /sagas}; every one optional. {@code key} is the correlation key (an order id, …). */
    public record Filter(Optional<SagaStatus> status, Optional<String> type, Optional<Integer> version,
            Optional<String> key, Optional<Instant> from, Optional<Instant> to, Optional<Duration> stuckFor) {
    }

    /**
     * A saga is stuck when it waits for an operator (FAILED), or is still running and has either not changed
     * since the cutoff (parameter {@code ?%1$d}) or is resending a command nobody answered. The resends
     * themselves update the saga, so "unchanged for that long" alone never catches a saga whose participant is
     * down: with the default timeout and back-off it changes at least every 40 s until it gives up.
     */
    static final String STUCK = "status = 'FAILED' OR (status IN ('RUNNING', 'COMPENSATING')"
            + " AND (updated_at < ?%1$d OR attempt > 1))";

    /** Implied by {@link #STUCK}; spelled out so that the planner reads the open sagas' partial index (V5). */
    static final String OPEN = "status IN ('RUNNING', 'COMPENSATING', 'FAILED')";

    private final EntityManager em;
    private final Clock clock;

    SagaQueries(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<SagaInstanceEntity> list(Filter filter, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        Query query = em.createNativeQuery("SELECT * FROM saga_instance" + where
                + " ORDER BY started_at DESC, id LIMIT " + size + " OFFSET " + ((long) page * size),
                SagaInstanceEntity.class);
        bind(query, params);
        return query.getResultList();
    }

    /**
     * How many sagas match, counted up to {@code cap + 1} rows only: with a million finished sagas an exact count
     * of a broad filter reads them all on every page. More than {@code cap} is reported as a lower bound.
     */
    @Transactional
    public Total count(Filter filter, int cap) {
        List<Object> params = new ArrayList<>();
        Query query = em.createNativeQuery("SELECT count(*) FROM (SELECT 1 FROM saga_instance" + where(filter, params)
                + " LIMIT " + (cap + 1) + ") capped");
        bind(query, params);
        long counted = ((Number) query.getSingleResult()).longValue();
        return counted > cap ? new Total(cap, true) : new Total(counted, false);
    }

    /** A count that is exact, or — when {@code lowerBound} — the cap, with more rows beyond it. */
    public record Total(long value, boolean lowerBound) {
    }

    /**
     * The stats over a window. Every query reads an index: counts by status the status index, started and finished
     * the time indexes, stuck only the open sagas' partial index; the duration percentiles are taken over the latest
     * {@code sample} sagas finished in the window (all of them when fewer), so their cost does not grow with it.
     * Still linear in the sagas of the window for the counts: {@link SagaStats} caches the result.
     */
    @Transactional
    public SagaViews.Stats stats(Duration window, Duration stuckFor, int sample) {
        Instant to = clock.instant();
        Instant from = to.minus(window);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (SagaStatus status : SagaStatus.values()) {
            counts.put(status.name(), 0L);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT status, count(*) FROM saga_instance GROUP BY status")
                .getResultList();
        rows.forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        long started = ((Number) em.createNativeQuery("SELECT count(*) FROM saga_instance WHERE started_at >= ?1")
                .setParameter(1, from).getSingleResult()).longValue();
        Object[] d = (Object[]) em.createNativeQuery("""
                SELECT count(*),
                       percentile_cont(0.50) WITHIN GROUP (ORDER BY ms),
                       percentile_cont(0.90) WITHIN GROUP (ORDER BY ms),
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY ms),
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY ms),
                       max(ms)
                FROM (SELECT extract(epoch FROM finished_at - started_at) * 1000 AS ms
                      FROM saga_instance WHERE finished_at >= ?1 ORDER BY finished_at DESC LIMIT ?2) latest""")
                .setParameter(1, from).setParameter(2, sample).getSingleResult();
        long sampled = ((Number) d[0]).longValue();
        long finished = sampled < sample ? sampled
                : ((Number) em.createNativeQuery("SELECT count(*) FROM saga_instance WHERE finished_at >= ?1")
                        .setParameter(1, from).getSingleResult()).longValue();
        long stuck = ((Number) em.createNativeQuery("SELECT count(*) FROM saga_instance WHERE " + OPEN + " AND ("
                + STUCK.formatted(1) + ")")
                .setParameter(1, to.minus(stuckFor)).getSingleResult()).longValue();
        double seconds = Math.max(1, window.toSeconds());
        return new SagaViews.Stats(from, to, counts, started, finished, started / seconds, finished / seconds,
                new SagaViews.Durations(millis(d[1]), millis(d[2]), millis(d[3]), millis(d[4]), millis(d[5]),
                        sampled), stuck, to, 0);
    }

    /**
     * How many sagas that may still need their definition — RUNNING, COMPENSATING, or FAILED (an operator may retry
     * or compensate it) — there are per type, version and status: from the open sagas' index (V6), whatever the
     * number of finished ones.
     */
    @Transactional
    public List<OpenSagas> openByVersion() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT saga_type, definition_version, status, count(*)"
                + " FROM saga_instance WHERE " + OPEN + " GROUP BY saga_type, definition_version, status")
                .getResultList();
        return rows.stream().map(row -> new OpenSagas((String) row[0], ((Number) row[1]).intValue(), (String) row[2],
                ((Number) row[3]).longValue())).toList();
    }

    /** One row of {@link #openByVersion()}. */
    public record OpenSagas(String type, int version, String status, long count) {
    }

    private String where(Filter filter, List<Object> params) {
        List<String> clauses = new ArrayList<>();
        filter.status().ifPresent(s -> {
            params.add(s.name());
            clauses.add("status = ?" + params.size());
        });
        filter.type().ifPresent(t -> {
            params.add(t);
            clauses.add("saga_type = ?" + params.size());
        });
        filter.version().ifPresent(v -> {
            params.add(v);
            clauses.add("definition_version = ?" + params.size());
        });
        filter.key().ifPresent(k -> {
            params.add(k);
            clauses.add("correlation_key = ?" + params.size());
        });
        filter.from().ifPresent(f -> {
            params.add(f);
            clauses.add("started_at >= ?" + params.size());
        });
        filter.to().ifPresent(t -> {
            params.add(t);
            clauses.add("started_at < ?" + params.size());
        });
        filter.stuckFor().ifPresent(d -> {
            params.add(clock.instant().minus(d));
            clauses.add(OPEN + " AND (" + STUCK.formatted(params.size()) + ")");
        });
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    private static void bind(Query query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
    }

    private static Long millis(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue());
    }
}
