package io.sagaplatform.orchestrator.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * Answers that read many rows (the stats, the heat map, the time series), cached per request key: the dashboard
 * refreshes every few seconds, and over a month of a million sagas they read a million index entries. An answer at
 * most {@code max-age} old (or {@value #COST_FACTOR} times what computing it took, when that is longer) is served as
 * it is; an older one is served too while one background refresh replaces it (so no request waits for the queries),
 * unless it is older than three times that (nobody asked for a while): then the request computes it. At most
 * {@link #KEYS} keys are kept, the least recently asked for goes first.
 */
final class CachedAnswers<K, V extends CachedAnswers.Answer<V>> {

    private static final Logger LOG = Logger.getLogger(CachedAnswers.class);
    static final int KEYS = 32;
    static final int COST_FACTOR = 10;

    /** What a cached answer says about its own age: when it was computed and how long it is kept. */
    interface Answer<V> {
        Instant computedAt();

        long maxAgeSeconds();

        V withMaxAge(long seconds);
    }

    private final String what;
    private final Function<K, V> compute;
    private final Clock clock;
    private final Duration maxAge;
    private final Executor refresher;
    private final Map<K, V> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > KEYS;
        }
    };
    private final Map<K, Boolean> refreshing = new ConcurrentHashMap<>();

    CachedAnswers(String what, Function<K, V> compute, Clock clock, Duration maxAge, Executor refresher) {
        this.what = what;
        this.compute = compute;
        this.clock = clock;
        this.maxAge = maxAge;
        this.refresher = refresher;
    }

    V get(K key) {
        V cached;
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
                        LOG.warnf(e, "Refreshing the %s for %s failed; the last ones are served", what, key);
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
    private V compute(K key) {
        long began = System.nanoTime();
        V computed = compute.apply(key);
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        Duration keep = took.multipliedBy(COST_FACTOR).compareTo(maxAge) > 0 ? took.multipliedBy(COST_FACTOR) : maxAge;
        V answer = computed.withMaxAge(Math.max(1, (keep.toMillis() + 999) / 1000));
        synchronized (cache) {
            V present = cache.get(key);
            if (present == null || !present.computedAt().isAfter(answer.computedAt())) {
                cache.put(key, answer);
            }
        }
        return answer;
    }
}
