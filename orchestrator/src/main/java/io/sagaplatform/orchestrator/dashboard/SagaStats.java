package io.sagaplatform.orchestrator.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code GET /sagas/stats}, cached per window and stuck threshold: the dashboard refreshes every few seconds, and
 * over a month of a million sagas the counts read a million index entries. An answer at most {@code max-age} old
 * (or ten times what computing it took, when that is longer)
 * is served as it is; an older one is served too while one background refresh replaces it (so no request waits for
 * the queries), unless it is older than three times {@code max-age} (nobody asked for a while): then the request
 * computes it. At most {@link #KEYS} combinations are kept, the least recently asked for goes first.
 */
@ApplicationScoped
public class SagaStats {

    private static final Logger LOG = Logger.getLogger(SagaStats.class);
    static final int KEYS = 32;
    static final int COST_FACTOR = 10;

    private record Key(Duration window, Duration stuckFor) {
    }

    private final SagaQueries queries;
    private final Clock clock;
    private final Duration maxAge;
    private final int sample;
    private final Map<Key, SagaViews.Stats> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, SagaViews.Stats> eldest) {
            return size() > KEYS;
        }
    };
    private final Map<Key, Boolean> refreshing = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "saga-stats-refresh");
        thread.setDaemon(true);
        return thread;
    });

    SagaStats(SagaQueries queries, Clock clock,
            @ConfigProperty(name = "saga.orchestrator.dashboard.stats-max-age", defaultValue = "10s") Duration maxAge,
            @ConfigProperty(name = "saga.orchestrator.dashboard.stats-sample", defaultValue = "10000") int sample) {
        this.queries = queries;
        this.clock = clock;
        this.maxAge = maxAge;
        this.sample = sample;
    }

    public SagaViews.Stats stats(Duration window, Duration stuckFor) {
        Key key = new Key(window, stuckFor);
        SagaViews.Stats cached;
        synchronized (cache) {
            cached = cache.get(key);
        }
        Duration age = cached == null ? null : Duration.between(cached.computedAt(), clock.instant());
        Duration fresh = cached == null ? maxAge : Duration.ofSeconds(cached.maxAgeSeconds());
        if (cached != null && age.compareTo(fresh) <= 0) {
            return cached;
        }
        if (cached != null && age.compareTo(fresh.multipliedBy(3)) <= 0) {
            if (refreshing.putIfAbsent(key, Boolean.TRUE) == null) {
                refresher.execute(() -> {
                    try {
                        compute(key);
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "Refreshing the saga stats over %s failed; the last ones are served", window);
                    } finally {
                        refreshing.remove(key);
                    }
                });
            }
            return cached;
        }
        return compute(key);
    }

    /**
     * Computes and caches. An answer that took long is kept longer: at least {@value #COST_FACTOR} times what it
     * took (a month of a million sagas takes seconds on a busy machine), so refreshing never keeps the database
     * busier than a tenth of the time, whatever the window.
     */
    private SagaViews.Stats compute(Key key) {
        long began = System.nanoTime();
        SagaViews.Stats computed = queries.stats(key.window(), key.stuckFor(), sample);
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        Duration keep = took.multipliedBy(COST_FACTOR).compareTo(maxAge) > 0 ? took.multipliedBy(COST_FACTOR) : maxAge;
        SagaViews.Stats stats = computed.withMaxAge(Math.max(1, (keep.toMillis() + 999) / 1000));
        synchronized (cache) {
            SagaViews.Stats present = cache.get(key);
            if (present == null || !present.computedAt().isAfter(stats.computedAt())) {
                cache.put(key, stats);
            }
        }
        return stats;
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
