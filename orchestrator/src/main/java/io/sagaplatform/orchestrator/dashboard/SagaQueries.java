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
     * Sagas finished in the window, per bucket of {@code window / buckets} rounded up to a whole second (so the
     * buckets may reach a little further back than the window): counts by final status
     * and duration percentiles. One pass over the window's entries of the finished sagas' index, which carries status
     * and start (V8), so the table itself is not read; linear in the sagas of the window like the stats' counts, and
     * cached the same way ({@link SagaStats}).
     */
    @Transactional
    public SagaViews.Series series(Duration window, int buckets) {
        Instant to = clock.instant();
        long bucketMillis = 1000 * Math.max(1, (window.toMillis() + 1000L * buckets - 1) / (1000L * buckets));
        Instant from = to.minusMillis(bucketMillis * buckets);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT b,
                       count(*) FILTER (WHERE status = 'COMPLETED'),
                       count(*) FILTER (WHERE status = 'COMPENSATED'),
                       count(*) FILTER (WHERE status = 'FAILED'),
                       count(*) FILTER (WHERE status = 'ABORTED'),
                       percentile_cont(0.50) WITHIN GROUP (ORDER BY ms),
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY ms),
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)
                FROM (SELECT floor(extract(epoch FROM finished_at - CAST(?1 AS timestamptz)) * 1000 / ?2)::int AS b, status,
                             extract(epoch FROM finished_at - started_at) * 1000 AS ms
                      FROM saga_instance WHERE finished_at >= ?1 AND finished_at < ?3) finished
                GROUP BY b""")
                .setParameter(1, from).setParameter(2, bucketMillis).setParameter(3, to).getResultList();
        Map<Integer, Object[]> byBucket = new java.util.HashMap<>();
        rows.forEach(row -> byBucket.put(((Number) row[0]).intValue(), row));
        List<SagaViews.Bucket> series = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            Object[] row = byBucket.get(b);
            Instant start = from.plusMillis(bucketMillis * b);
            series.add(row == null ? new SagaViews.Bucket(start, 0, 0, 0, 0, null, null, null)
                    : new SagaViews.Bucket(start, count(row[1]), count(row[2]), count(row[3]), count(row[4]),
                            millis(row[5]), millis(row[6]), millis(row[7])));
        }
        return new SagaViews.Series(from, to, bucketMillis / 1000, series, to, 0);
    }

    /** What the timeline calls a step failing: a failure reply, retries run out, or a dead-lettered command. */
    static final String FAILURE_KINDS = "'STEP_FAILED', 'OUTCOME_UNKNOWN', 'COMMAND_DEAD_LETTERED'";

    /**
     * Where the sagas of one type and version stand, step by step ({@code stages}: the definition's step names, stage
     * by stage). Open sagas from the open sagas' partial index (V5), by the steps they wait on; failures and compensations in
     * the window from the timeline's partial index of those entries (V8), each joined to its saga by primary key for
     * its type and version. Bounded by the open sagas and by the failures of the window.
     */
    @Transactional
    public SagaViews.Heatmap heatmap(String type, int version, Duration window, List<List<String>> stages) {
        Instant to = clock.instant();
        Instant from = to.minus(window);
        Map<String, long[]> heat = new LinkedHashMap<>();
        stages.forEach(stage -> stage.forEach(step -> heat.put(step, new long[5])));
        @SuppressWarnings("unchecked")
        List<Object[]> open = em.createNativeQuery("SELECT current_step_name, status, count(*) FROM saga_instance"
                + " WHERE " + OPEN + " AND saga_type = ?1 AND definition_version = ?2 GROUP BY current_step_name, status")
                .setParameter(1, type).setParameter(2, version).getResultList();
        for (Object[] row : open) {
            int column = switch ((String) row[1]) {
                case "RUNNING" -> 0;
                case "COMPENSATING" -> 1;
                default -> 2;
            };
            if (row[0] != null) {
                for (String step : ((String) row[0]).split(" \\+ ")) {
                    long[] counts = heat.get(step);
                    if (counts != null) {
                        counts[column] += ((Number) row[2]).longValue();
                    }
                }
            }
        }
        @SuppressWarnings("unchecked")
        List<Object[]> ended = em.createNativeQuery("SELECT t.step, t.kind = 'STEP_COMPENSATED', count(DISTINCT t.saga_id)"
                + " FROM saga_timeline t JOIN saga_instance s ON s.id = t.saga_id"
                + " WHERE t.kind IN (" + FAILURE_KINDS + ", 'STEP_COMPENSATED') AND t.at >= ?1 AND t.at < ?2"
                + " AND s.saga_type = ?3 AND s.definition_version = ?4 GROUP BY t.step, t.kind = 'STEP_COMPENSATED'")
                .setParameter(1, from).setParameter(2, to).setParameter(3, type).setParameter(4, version)
                .getResultList();
        for (Object[] row : ended) {
            long[] counts = row[0] == null ? null : heat.get((String) row[0]);
            if (counts != null) {
                counts[Boolean.TRUE.equals(row[1]) ? 4 : 3] += ((Number) row[2]).longValue();
            }
        }
        List<SagaViews.StepHeat> steps = new ArrayList<>();
        for (int stage = 0; stage < stages.size(); stage++) {
            for (String step : stages.get(stage)) {
                long[] c = heat.get(step);
                steps.add(new SagaViews.StepHeat(step, stage, c[0], c[1], c[2], c[3], c[4]));
            }
        }
        return new SagaViews.Heatmap(type, version, from, to, steps, to, 0);
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

    private static long count(Object value) {
        return ((Number) value).longValue();
    }

    private static Long millis(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue());
    }
}
