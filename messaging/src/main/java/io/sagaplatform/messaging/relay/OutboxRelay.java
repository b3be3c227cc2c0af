package io.sagaplatform.messaging.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.kafka.connect.source.SourceRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sagaplatform.messaging.MessagingConfig;
import io.sagaplatform.messaging.PlatformProducer;
import io.sagaplatform.messaging.tracing.MessageTracing;

/**
 * Runs and supervises the Debezium embedded engine that publishes the outbox. The engine runs on its own
 * thread; when it stops for any reason other than shutdown — a failed send, a lost replication connection,
 * another replica holding the slot, an {@link Error} thrown by a handler or a transformation — the supervisor
 * starts a new one after an exponential back-off, and the new engine resumes from the last position whose records
 * the broker acknowledged, on a fresh Kafka producer if the last one failed in a way it does not get over
 * ({@link ProducerFailures}). The supervisor outlives whatever one engine run throws. An error after which the JVM
 * itself cannot be trusted (see {@link #unrecoverable()}) turns liveness DOWN so that the platform restarts the
 * process; the supervisor keeps trying meanwhile.
 */
@Singleton
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** How often the slot reader reads the slot's position, and how long one read may take. */
    private static final Duration SLOT_POSITION_EVERY = Duration.ofSeconds(2);

    private final MessagingConfig.Relay config;
    private final PlatformProducer producer;
    private final DataSource dataSource;
    private final Clock clock;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String slotName;
    private final RelayMetrics metrics;
    private final MessageTracing tracing;
    private final List<PublicationListener> listeners;
    private volatile SlotPosition slotPosition = SlotPosition.UNKNOWN;
    private ScheduledExecutorService slotReader;

    private final AtomicReference<RelayState> state = new AtomicReference<>(RelayState.STOPPED);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    /** A send failed in a way that leaves the producer unusable: the next engine must start on a fresh one. */
    private final AtomicBoolean producerSpoiled = new AtomicBoolean();
    private volatile Instant lastPublishedAt;
    private volatile String lastError;
    private volatile String unrecoverableError;

    private volatile boolean running;
    private volatile Thread supervisor;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile CountDownLatch engineDone = new CountDownLatch(0);

    OutboxRelay(MessagingConfig config, PlatformProducer producer, DataSource dataSource, Clock clock,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password, RelayMetrics metrics,
            MessageTracing tracing, @All List<PublicationListener> listeners) {
        this.tracing = tracing;
        this.listeners = List.copyOf(listeners);
        this.config = config.relay();
        this.producer = producer;
        this.dataSource = dataSource;
        this.clock = clock;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.slotName = config.relay().slotName()
                .orElseGet(() -> DatabaseCoordinates.parse(jdbcUrl).database() + "_outbox");
        if (!slotName.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("Replication slot name must be 1-63 of [a-z0-9_]: '" + slotName
                    + "'; set saga.messaging.relay.slot-name");
        }
        this.metrics = metrics;
        metrics.watch(state::get, slotName, this::slotPosition);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        } else {
            LOG.info("Outbox relay disabled (saga.messaging.relay.enabled=false)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the relay; a no-op when it runs already. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        state.set(RelayState.STARTING);
        supervisor = new Thread(this::supervise, "outbox-relay-" + slotName);
        supervisor.setDaemon(true);
        supervisor.start();
        slotReader = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread reader = new Thread(task, "outbox-relay-slot-" + slotName);
            reader.setDaemon(true);
            return reader;
        });
        slotReader.scheduleWithFixedDelay(this::readSlotPosition, 0, SLOT_POSITION_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the engine and waits for it. Positions acknowledged so far are committed on the way out; what
     * was not acknowledged is published again by the next start.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        slotReader.shutdownNow();
        slotPosition = SlotPosition.UNKNOWN;
        closeEngine();
        supervisor.interrupt();
        try {
            supervisor.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state.set(RelayState.STOPPED);
    }

    public RelayStatus status() {
        return new RelayStatus(state.get(), slotName, published.get(), restarts.get(),
                Optional.ofNullable(lastPublishedAt), Optional.ofNullable(lastError));
    }

    public String slotName() {
        return slotName;
    }

    /**
     * Why the relay cannot recover inside this JVM, if it cannot: it met an {@link OutOfMemoryError} or another
     * {@link VirtualMachineError} (but a {@link StackOverflowError}, which unwinds only the thread that overflowed),
     * after which any thread of the process may have stopped half way through its work; or its supervisor ended
     * while the relay was meant to run. Empty otherwise — every other failure the supervisor retries.
     */
    public Optional<String> unrecoverable() {
        if (unrecoverableError != null) {
            return Optional.of(unrecoverableError);
        }
        Thread current = supervisor;
        if (running && current != null && current.getState() == Thread.State.TERMINATED) {
            return Optional.of("the relay's supervisor has ended; last error: " + lastError);
        }
        return Optional.empty();
    }

    /**
     * The slot's confirmed position and the WAL retained for it, as the relay's slot reader last read them from
     * {@code pg_replication_slots} (every 2 s while the relay runs, each read with a 2 s query timeout; unknown
     * when the last read failed). Never touches the database: a probe or a scrape answers at once, also while the
     * connection pool is exhausted and a read would wait for the pool's acquisition timeout.
     */
    public SlotPosition slotPosition() {
        return slotPosition;
    }

    private void readSlotPosition() {
        try {
            slotPosition = SlotPosition.read(dataSource, slotName, (int) SLOT_POSITION_EVERY.toSeconds());
        } catch (Throwable e) { // a periodic task that throws is never run again
            slotPosition = SlotPosition.UNKNOWN;
            LOG.debugf("Reading the position of slot %s failed: %s", slotName, e);
            noteIfUnrecoverable(e, rootMessage(e));
        }
    }

    private void supervise() {
        try {
            superviseUntilStopped();
        } finally {
            state.set(RelayState.STOPPED);
        }
    }

    private void superviseUntilStopped() {
        Duration backoff = config.restartBackoff();
        while (running) {
            long publishedBefore = published.get();
            try {
                if (producerSpoiled.get()) {
                    LOG.infof("Outbox relay on slot %s replaces its Kafka producer after %s", slotName, lastError);
                    producer.renew();
                    producerSpoiled.set(false);
                }
                PublicationSetup.ensure(dataSource, config.publicationName());
                if (config.replicationUser().isPresent()) {
                    PublicationSetup.grantRelayAccess(dataSource, config.replicationUser().get());
                }
                runEngineUntilItStops();
            } catch (Throwable e) { // an Error too: supervision must outlive whatever one engine run throws
                recordError(e);
            }
            if (!running) {
                break;
            }
            if (published.get() > publishedBefore) {
                backoff = config.restartBackoff(); // it worked for a while: start over with a short pause
            }
            restarts.incrementAndGet();
            metrics.restarted();
            if (state.get() != RelayState.STANDBY) {
                state.set(RelayState.RESTARTING);
            }
            LOG.warnf("Outbox relay on slot %s stopped (%s); restarting in %s", slotName, lastError, backoff);
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                break;
            }
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(config.restartBackoffMax()) > 0 ? config.restartBackoffMax() : doubled;
        }
    }

    private void runEngineUntilItStops() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        RelayBatchHandler handler = new RelayBatchHandler(producer::send,
                config.sendTimeout().plusSeconds(10), clock,
                publications -> {
                    published.addAndGet(publications.size());
                    lastPublishedAt = clock.instant();
                    metrics.published(publications);
                    for (PublicationListener listener : listeners) {
                        try {
                            listener.published(publications);
                        } catch (RuntimeException e) {
                            LOG.warnf("Publication listener %s failed: %s", listener.getClass().getName(), e.toString());
                        }
                    }
                },
                failure -> {
                    metrics.publishFailed();
                    recordError(failure);
                    if (ProducerFailures.spoilProducer(failure)) {
                        producerSpoiled.set(true);
                    }
                    done.countDown(); // wake the supervisor: this engine instance must not go on
                }, tracing);
        Properties props = RelayEngineProperties.build(config, slotName, DatabaseCoordinates.parse(jdbcUrl), jdbcUrl,
                user, password);
        DebeziumEngine<RecordChangeEvent<SourceRecord>> built = DebeziumEngine
                .create(ChangeEventFormat.of(Connect.class))
                .using(props)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void pollingStarted() {
                        state.set(RelayState.STREAMING);
                        lastError = null;
                        LOG.infof("Outbox relay streaming from slot %s", slotName);
                    }

                    @Override
                    public void pollingStopped() {
                        state.compareAndSet(RelayState.STREAMING, RelayState.RESTARTING);
                    }
                })
                .using((success, message, error) -> {
                    if (error != null) {
                        recordError(error);
                    } else if (!success) {
                        lastError = message;
                    }
                    done.countDown();
                })
                .notifying(handler)
                .build();
        engine = built;
        engineDone = done;
        Thread runner = new Thread(() -> {
            try {
                built.run();
            } catch (Throwable e) {
                recordError(e);
            } finally {
                done.countDown(); // the engine reports its end through the completion callback; should it end
                                  // without one, the supervisor must still not wait for ever
            }
        }, "outbox-relay-engine-" + slotName);
        runner.setDaemon(true);
        runner.start();
        try {
            done.await();
        } finally {
            closeEngine();
            runner.join(30_000);
        }
    }

    private void closeEngine() {
        DebeziumEngine<RecordChangeEvent<SourceRecord>> current = engine;
        engine = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                LOG.warnf("Closing the Debezium engine failed: %s", e.toString());
            }
        }
        engineDone.countDown();
    }

    private void recordError(Throwable error) {
        String text = rootMessage(error);
        lastError = text;
        noteIfUnrecoverable(error, text);
        if (text.contains("replication slot") && text.contains("is active")) {
            state.set(RelayState.STANDBY);
        }
    }

    private void noteIfUnrecoverable(Throwable error, String text) {
        if (unrecoverableError == null && isUnrecoverable(error)) {
            unrecoverableError = text;
            LOG.errorf("Outbox relay on slot %s met an error the JVM may not recover from; liveness is DOWN so that"
                    + " the process is restarted (the relay keeps trying meanwhile): %s", slotName, text);
        }
    }

    /** A {@link VirtualMachineError} but a {@link StackOverflowError}, anywhere in the chain of causes. */
    static boolean isUnrecoverable(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error));
        for (Throwable t = error.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            text.append(" <- ").append(t);
        }
        return text.toString();
    }
}
