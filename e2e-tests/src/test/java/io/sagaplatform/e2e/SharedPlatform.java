package io.sagaplatform.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.tracecollector.TraceCollector;

/**
 * The one platform every end-to-end test class of this JVM runs against: starting the five services costs
 * about 30 s, so it is started by the first class that asks and stopped — processes ended, databases and
 * their replication slots dropped — when the JUnit launcher session closes. A JVM shutdown hook is the
 * backstop for a run that ends without closing the session (Ctrl-C, a forked JVM told to exit).
 *
 * <p>Sharing has a price every class pays: the invariants look at every order, so a class must leave each
 * order it causes decided, and must not change the seeded stock or credit lines other classes rely on.
 *
 * <p>Tracing is on, as in production: every service exports its spans (OTLP/HTTP) to a {@link TraceCollector}
 * started with the platform, so that every path also runs through the tracing code.
 */
public final class SharedPlatform implements LauncherSessionListener {

    /** Timings short enough for a test, long enough for a participant to restart meanwhile. */
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "SAGA_PLACE_ORDER_STEP_TIMEOUT", "3s",
            "SAGA_PLACE_ORDER_MAX_ATTEMPTS", "8",
            "SAGA_PLACE_ORDER_RETRY_BACKOFF", "1s",
            "SAGA_PLACE_ORDER_RETRY_BACKOFF_MAX", "4s",
            "SAGA_ORCHESTRATOR_POLL_INTERVAL", "100ms",
            "SAGA_MESSAGING_RELAY_OFFSET_FLUSH_INTERVAL", "200ms");

    private static PlatformStack stack;
    private static TraceCollector traces;
    private static boolean closed;

    /** The running platform, started on first use. */
    static synchronized PlatformStack stack() {
        if (closed) {
            throw new IllegalStateException("The shared platform was already stopped");
        }
        if (stack == null) {
            traces = TraceCollector.start();
            Map<String, String> environment = new HashMap<>(ENVIRONMENT);
            environment.put("QUARKUS_OTEL_SDK_DISABLED", "false");
            environment.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces.url());
            environment.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
            stack = PlatformStack.start(
                    Path.of(System.getProperty("saga.repo.root", "..")).toAbsolutePath().normalize(), environment);
            Runtime.getRuntime().addShutdownHook(new Thread(SharedPlatform::stop, "shared-platform-stop"));
        }
        // a class that stopped or killed a service and failed before restarting it must not fail the next one
        for (String name : PlatformStack.SERVICES) {
            if (!stack.service(name).alive()) {
                stack.service(name).start().awaitReady(Duration.ofMinutes(2));
            }
        }
        return stack;
    }

    /** The spans the platform's services exported, started with the platform. */
    static synchronized TraceCollector traces() {
        stack();
        return traces;
    }

    /** Stops the platform if it runs; safe to call more than once. */
    static synchronized void stop() {
        closed = true;
        if (stack != null) {
            PlatformStack running = stack;
            stack = null;
            running.close();
        }
        if (traces != null) {
            traces.close();
            traces = null;
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        stop();
    }
}
