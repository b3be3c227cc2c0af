package io.sagaplatform.orchestrator.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.sagaplatform.orchestrator.application.SagaRegistry;

/**
 * The dashboard's aggregated reads, each cached per request key ({@link CachedAnswers}: at most
 * {@code saga.orchestrator.dashboard.stats-max-age} old, refreshed in the background by one thread):
 * {@code GET /sagas/stats} per window and stuck threshold, {@code GET /sagas/series} per window and bucket count,
 * {@code GET /sagas/heatmap} per saga type, version and window.
 */
@ApplicationScoped
public class SagaStats {

    private record StatsKey(Duration window, Duration stuckFor) {
    }

    private record SeriesKey(Duration window, int buckets) {
    }

    private record HeatmapKey(String type, int version, Duration window) {
    }

    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "saga-stats-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private final CachedAnswers<StatsKey, SagaViews.Stats> stats;
    private final CachedAnswers<SeriesKey, SagaViews.Series> series;
    private final CachedAnswers<HeatmapKey, SagaViews.Heatmap> heatmaps;

    SagaStats(SagaQueries queries, SagaRegistry registry, Clock clock,
            @ConfigProperty(name = "saga.orchestrator.dashboard.stats-max-age", defaultValue = "10s") Duration maxAge,
            @ConfigProperty(name = "saga.orchestrator.dashboard.stats-sample", defaultValue = "10000") int sample) {
        this.stats = new CachedAnswers<>("saga stats", key -> queries.stats(key.window(), key.stuckFor(), sample),
                clock, maxAge, refresher);
        this.series = new CachedAnswers<>("saga time series", key -> queries.series(key.window(), key.buckets()),
                clock, maxAge, refresher);
        this.heatmaps = new CachedAnswers<>("saga heat map",
                key -> queries.heatmap(key.type(), key.version(), key.window(), StepViews.stageNames(
                        registry.engine(key.type(), key.version()).orElseThrow().definition())),
                clock, maxAge, refresher);
    }

    public SagaViews.Stats stats(Duration window, Duration stuckFor) {
        return stats.get(new StatsKey(window, stuckFor));
    }

    public SagaViews.Series series(Duration window, int buckets) {
        return series.get(new SeriesKey(window, buckets));
    }

    /** The heat map of a type and version the registry holds (the caller checked). */
    public SagaViews.Heatmap heatmap(String type, int version, Duration window) {
        return heatmaps.get(new HeatmapKey(type, version, window));
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
