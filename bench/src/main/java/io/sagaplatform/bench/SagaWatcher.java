package io.sagaplatform.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Follows the orchestrator's live stream ({@code GET /sagas/stream}, Server-Sent Events, one JSON saga change
 * per event) and tells each tracked order the instant its saga became terminal. The instant is taken when the
 * event is read, with {@link System#nanoTime()}, the clock the sends are scheduled on.
 *
 * <p>An order's saga can end before the generator has read the {@code 201} of its {@code POST /orders} (under
 * load the answer may wait in the client longer than the saga takes), so terminal events of orders not (yet)
 * tracked are kept for a while and handed over when the order is tracked. If the stream breaks, it is opened
 * again and the reconnection counted; what was missed meanwhile is found by the stragglers' poll of the
 * dashboard at the end of the step.
 */
final class SagaWatcher implements AutoCloseable {

    /** A saga's end as the stream reported it. */
    interface Tracked {
        void terminal(long nanoTime, String status);
    }

    private static final Duration KEEP_UNTRACKED = Duration.ofSeconds(120);

    private final HttpClient http;
    private final URI streamUri;
    private final ObjectMapper json;
    private final String authorization;
    private final Map<UUID, Tracked> tracked = new ConcurrentHashMap<>();
    private final Map<UUID, Early> untracked = new ConcurrentHashMap<>();
    private final AtomicLong terminalEvents = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final CountDownLatch connected = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Stream<String> current;
    private final Thread reader;

    private record Early(long nanoTime, String status) {
    }

    SagaWatcher(HttpClient http, URI orchestratorUrl, ObjectMapper json, String authorization) {
        this.authorization = authorization;
        this.http = http;
        this.streamUri = orchestratorUrl.resolve("/sagas/stream");
        this.json = json;
        this.reader = new Thread(this::readLoop, "sse-reader");
        this.reader.setDaemon(true);
    }

    /** Subscribes and waits until the stream is open: only then may orders be sent. */
    void start() {
        reader.start();
        try {
            if (!connected.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The saga stream " + streamUri + " did not open within 10 s");
            }
            // The orchestrator subscribes to its broadcast when it answers; leave it a moment to do so.
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Tracks an order; if its saga already ended, it is told at once. */
    void track(UUID orderId, Tracked order) {
        tracked.put(orderId, order);
        Early early = untracked.remove(orderId);
        if (early != null && tracked.remove(orderId) != null) {
            order.terminal(early.nanoTime(), early.status());
        }
    }

    void untrack(UUID orderId) {
        tracked.remove(orderId);
    }

    /** COMPLETED and COMPENSATED events seen so far, of any saga. */
    long terminalEvents() {
        return terminalEvents.get();
    }

    long reconnects() {
        return reconnects.get();
    }

    private void readLoop() {
        while (running) {
            try {
                HttpResponse<Stream<String>> response = http.send(
                        HttpRequest.newBuilder(streamUri).header("Accept", "text/event-stream")
                                .header("Authorization", authorization).GET().build(),
                        HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    throw new IOException("GET " + streamUri + " answered " + response.statusCode());
                }
                try (Stream<String> lines = response.body()) {
                    current = lines;
                    connected.countDown();
                    Iterator<String> it = lines.iterator();
                    while (running && it.hasNext()) {
                        onLine(it.next());
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                if (running) {
                    reconnects.incrementAndGet();
                    System.err.println("[bench] saga stream broke (" + e + "); reconnecting");
                }
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void onLine(String line) {
        if (!line.startsWith("data:")) {
            return;
        }
        String status = terminalStatusIn(line);
        if (status == null) {
            return;
        }
        long now = System.nanoTime();
        if (status.equals("COMPLETED") || status.equals("COMPENSATED")) {
            terminalEvents.incrementAndGet();
        }
        UUID orderId;
        try {
            JsonNode event = json.readTree(line.substring(5));
            // place-order sagas are keyed by their order id
            if (!"place-order".equals(event.path("sagaType").asText())) {
                return;
            }
            orderId = UUID.fromString(event.path("key").asText());
        } catch (IOException | IllegalArgumentException e) {
            return;
        }
        Tracked order = tracked.remove(orderId);
        if (order != null) {
            order.terminal(now, status);
        } else {
            untracked.put(orderId, new Early(now, status));
            if (untracked.size() > 10_000) {
                long horizon = now - KEEP_UNTRACKED.toNanos();
                untracked.values().removeIf(e -> e.nanoTime() < horizon);
            }
        }
    }

    /** The terminal status an event line carries, or null; cheap, so that RUNNING events cost nearly nothing. */
    static String terminalStatusIn(String line) {
        for (String status : new String[] { "COMPLETED", "COMPENSATED", "FAILED", "ABORTED" }) {
            if (line.contains("\"status\":\"" + status + "\"")) {
                return status;
            }
        }
        return null;
    }

    @Override
    public void close() {
        running = false;
        Stream<String> lines = current;
        if (lines != null) {
            lines.close();
        }
        reader.interrupt();
    }
}
