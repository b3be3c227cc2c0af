package io.sagaplatform.order.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Decides, before anything is written, whether a new order is taken: the platform refuses work it cannot
 * finish in time rather than queueing it until every step times out. The signal is the number of orders in
 * flight — PENDING and placed within {@link AdmissionConfig#window()} — read from this service's own database
 * every {@link AdmissionConfig#refreshEvery()}, plus the orders placed since that read, plus the requests let through
 * the door and not yet answered (an order takes its room at the door, not when it is stored: on a cold stack placing
 * one takes seconds, and a door that counted only stored orders let a hundred requests through in the first five
 * seconds of an overload, each a worker thread in the queue for the two cores). The database is
 * shared by every replica, so the cap holds for the whole service, give or take one refresh period. The cap itself
 * follows how long orders take to be decided ({@link AdaptiveLimit}, between {@link AdmissionConfig#minInFlight()}
 * and {@link AdmissionConfig#maxInFlight()}), so that a saturated stack holds only as much work as it finishes
 * within the target latency.
 *
 * <p>Metrics: {@code saga.orders.rejected} (counter, {@code reason=overloaded}), {@code saga.orders.in.flight} and
 * {@code saga.orders.in.flight.limit} (gauges).
 */
@ApplicationScoped
public class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class);

    /** What the door says. {@code retryAfterSeconds} is meaningful only when refused. */
    public record Decision(boolean admitted, long inFlight, int limit, long retryAfterSeconds) {
    }

    private final EntityManager em;
    private final AdmissionConfig config;
    private final Clock clock;
    private final Counter rejected;
    private final AtomicLong admittedSinceCount = new AtomicLong();
    /** Requests let through and not answered yet ({@link #tryAdmit()} to {@link #left()}). */
    private final AtomicLong entering = new AtomicLong();
    private final AtomicLong rejectedTotal = new AtomicLong();
    /** Refusals per second of the last minute: slot = epoch second mod 60, stamped with the second it counts. */
    private final java.util.concurrent.atomic.AtomicLongArray recent = new java.util.concurrent.atomic.AtomicLongArray(60);
    private final java.util.concurrent.atomic.AtomicLongArray recentSecond = new java.util.concurrent.atomic.AtomicLongArray(60);
    private final AdaptiveLimit limit;
    private volatile long counted;
    private volatile boolean refusing;

    Admission(EntityManager em, AdmissionConfig config, Clock clock, MeterRegistry registry) {
        this.em = em;
        this.config = config;
        this.clock = clock;
        this.limit = new AdaptiveLimit(config.minInFlight(), config.maxInFlight(),
                config.initialInFlight().orElse(config.maxInFlight()), config.targetLatency());
        this.rejected = Counter.builder("saga.orders.rejected").tag("reason", "overloaded")
                .description("POST /orders refused with 429 because too many orders were in flight")
                .register(registry);
        Gauge.builder("saga.orders.in.flight", this, Admission::inFlight)
                .description("Orders placed and not yet decided (as admission control counts them)").register(registry);
        Gauge.builder("saga.orders.in.flight.limit", this, Admission::limit)
                .description("Orders in flight beyond which POST /orders answers 429 (adaptive)").register(registry);
    }

    /**
     * Whether there is room for one more order. An admitted request holds its room until {@link #left()} (its
     * answer, whatever it was); an order it placed then counts until the next read of the database. Requests
     * checked at the same moment take their room one after the other, so the limit is never exceeded at the door
     * (between an order's commit and its answer it counts twice — a few milliseconds on the safe side). A request
     * that turns out invalid took room only while it was answered.
     */
    public Decision tryAdmit() {
        int cap = limit();
        long inFlight = counted + admittedSinceCount.get() + entering.incrementAndGet() - 1;
        if (!config.enabled() || inFlight < cap) {
            return new Decision(true, inFlight, cap, 0);
        }
        entering.decrementAndGet();
        rejected.increment();
        rejectedTotal.incrementAndGet();
        countRecent(clock.instant().getEpochSecond());
        if (!refusing) {
            refusing = true;
            LOG.warnf("Refusing new orders: %d in flight (limit %d)", inFlight, cap);
        }
        return new Decision(false, inFlight, cap, Math.max(1, config.retryAfter().toSeconds()));
    }

    /** A request {@link #tryAdmit() admitted} has been answered (or its connection closed): its room is free. */
    public void left() {
        entering.decrementAndGet();
    }

    /** An order was placed (its transaction committed): in flight until the next read of the database. */
    public void placed() {
        admittedSinceCount.incrementAndGet();
    }

    /** An order placed at {@code placedAt} was decided at {@code decidedAt}: evidence for the adaptive limit. */
    public void decided(Instant placedAt, Instant decidedAt) {
        limit.decided(Duration.between(placedAt, decidedAt));
    }

    public long inFlight() {
        return counted + admittedSinceCount.get() + entering.get();
    }

    public long rejectedTotal() {
        return rejectedTotal.get();
    }

    /** Orders refused in the last 60 seconds. */
    public long rejectedLastMinute() {
        long now = clock.instant().getEpochSecond();
        long sum = 0;
        for (int i = 0; i < 60; i++) {
            if (now - recentSecond.get(i) < 60) {
                sum += recent.get(i);
            }
        }
        return sum;
    }

    /** Whether the door takes new orders right now. */
    public boolean accepting() {
        return !config.enabled() || inFlight() < limit();
    }

    /** How many orders may be in flight right now. */
    public int limit() {
        return limit.current();
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void adapt() {
        int before = limit.current();
        int after = limit.adjust();
        if (after != before) {
            LOG.debugf("Orders in flight limit %d -> %d", before, after);
        }
    }

    private void countRecent(long second) {
        int slot = (int) (second % 60);
        long stamped = recentSecond.get(slot);
        if (stamped != second && recentSecond.compareAndSet(slot, stamped, second)) {
            recent.set(slot, 0); // a new second reuses the slot; a racing increment may be lost, a count is approximate
        }
        recent.incrementAndGet(slot);
    }

    @Scheduled(every = "${saga.order.admission.refresh-every:250ms}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        // placements counted before the query committed before it, so the count has them; later ones stay counted here
        long admittedBefore = admittedSinceCount.get();
        Instant since = clock.instant().minus(config.window());
        long pending = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM orders WHERE status = 'PENDING' AND placed_at > ?1")
                .setParameter(1, since).getSingleResult()).longValue());
        counted = pending;
        admittedSinceCount.addAndGet(-admittedBefore);
        if (refusing && inFlight() < limit()) {
            refusing = false;
            LOG.infof("Taking new orders again: %d in flight (limit %d)", inFlight(), limit());
        }
    }
}
