package io.sagaplatform.orchestrator.application;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.sagaplatform.orchestrator.engine.SagaStatus;

/**
 * {@code saga.in.flight} (gauge, {@code type}, {@code status} = RUNNING / COMPENSATING / FAILED): sagas not
 * finished, by status. One {@code GROUP BY} over the status index, run at most every {@value #TTL_MS} ms
 * whatever the number of scrapes and series; NaN when the database cannot be read. A FAILED count above zero
 * needs an operator; RUNNING growing while throughput stays flat means replies are not arriving.
 */
@Singleton
public class InFlightSagas {

    static final long TTL_MS = 5000;
    private static final List<SagaStatus> UNFINISHED = List.of(SagaStatus.RUNNING, SagaStatus.COMPENSATING,
            SagaStatus.FAILED);

    private final DataSource dataSource;
    private final MeterRegistry meters;
    private final SagaMetrics metrics;
    private final SagaRegistry registry;
    private Map<String, Long> counts = Map.of();
    private boolean known;
    private long readAt;

    InFlightSagas(DataSource dataSource, MeterRegistry meters, SagaMetrics metrics, SagaRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.meters = meters;
        this.metrics = metrics;
    }

    /** Every registered saga type has its series from the start, at zero. */
    void register(@Observes StartupEvent event) {
        for (String type : registry.types()) {
            metrics.registerType(type);
            for (SagaStatus status : UNFINISHED) {
                String key = type + "/" + status.name();
                Gauge.builder("saga.in.flight", this, self -> self.count(key))
                        .description("Sagas not finished, by status (RUNNING, COMPENSATING, FAILED)")
                        .tag("type", type)
                        .tag("status", status.name())
                        .register(meters);
            }
        }
    }

    private synchronized double count(String key) {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt > TTL_MS * 1_000_000) {
            read();
            readAt = now;
        }
        return known ? counts.getOrDefault(key, 0L) : Double.NaN;
    }

    private void read() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT saga_type, status, count(*) FROM saga_instance
                        WHERE status IN ('RUNNING', 'COMPENSATING', 'FAILED') GROUP BY saga_type, status""")) {
            ps.setQueryTimeout(2);
            Map<String, Long> read = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
                }
            }
            counts = read;
            known = true;
        } catch (SQLException | RuntimeException e) {
            known = false;
        }
    }
}
