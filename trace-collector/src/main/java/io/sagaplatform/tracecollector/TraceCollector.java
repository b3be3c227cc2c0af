package io.sagaplatform.tracecollector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP trace receiver that keeps what it receives in memory and shows it back. Services export to
 * {@code POST /v1/traces} (protobuf, optionally gzip); people and tests read:
 * <ul>
 * <li>{@code GET /traces} — the latest traces, newest first ({@code ?limit=}, default 20), each with its root
 * span, services, span count and duration;</li>
 * <li>{@code GET /traces?orderId=<id>} (or {@code sagaId}, {@code attribute=value}) — the traces one of whose
 * spans has an attribute equal to the id: the messaging spans carry the order id as
 * {@code cloudevents.event_subject}, the saga id as {@code saga.id};</li>
 * <li>{@code GET /traces/<traceId>} — the trace as an indented tree ({@code ?format=json} for every span with
 * its attributes).</li>
 * </ul>
 * Listens on the loopback interface only. A development and test tool: no persistence, no authentication.
 */
public final class TraceCollector implements AutoCloseable {

    /** The OTLP/HTTP port collectors use by convention. */
    public static final int DEFAULT_PORT = 4318;
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SpanStore store;

    private TraceCollector(HttpServer server, ExecutorService executor, SpanStore store) {
        this.server = server;
        this.executor = executor;
        this.store = store;
    }

    /** Starts a collector on {@code port} of the loopback interface (0: any free port), keeping at most {@code maxTraces}. */
    public static TraceCollector start(int port, int maxTraces) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "trace-collector");
                thread.setDaemon(true);
                return thread;
            });
            TraceCollector collector = new TraceCollector(server, executor, new SpanStore(maxTraces));
            server.createContext("/v1/traces", guarded(collector::receive));
            server.createContext("/traces", guarded(collector::read));
            server.createContext("/", guarded(collector::help));
            server.setExecutor(executor);
            server.start();
            return collector;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Starts a collector on a free port, as the tests use it. */
    public static TraceCollector start() {
        return start(0, 10_000);
    }

    /** The base URL to export to, e.g. {@code http://127.0.0.1:4318} (the exporter adds {@code /v1/traces}). */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** The spans of one trace received so far, earliest first. */
    public List<CollectedSpan> trace(String traceId) {
        return store.trace(traceId);
    }

    /** One trace as the indented tree {@code GET /traces/<traceId>} shows. */
    public String tree(String traceId) {
        return TraceViews.tree(traceId, store.trace(traceId));
    }

    /** Every span received so far. */
    public List<CollectedSpan> spans() {
        return store.all();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A handler that answers 500 with the reason instead of dropping the connection on a bug. */
    private static HttpHandler guarded(HttpHandler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                try (exchange) {
                    respond(exchange, 500, "text/plain", e + "\n");
                } catch (IOException | RuntimeException ignored) {
                    // the response was already started: nothing more can be said
                }
            }
        };
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "text/plain", "POST OTLP protobuf here\n");
                return;
            }
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                respond(exchange, 413, "text/plain", "body over " + MAX_BODY + " bytes\n");
                return;
            }
            try {
                store.add(OtlpTraces.decode(body));
            } catch (InvalidProtocolBufferException e) {
                respond(exchange, 400, "text/plain", "not an OTLP ExportTraceServiceRequest (protobuf): "
                        + e.getMessage() + "\n");
                return;
            }
            // an empty ExportTraceServiceResponse: zero bytes of protobuf
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private void read(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "text/plain", "GET only\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (path.equals("/traces") || path.equals("/traces/")) {
                int limit = parseLimit(query.remove("limit"));
                String wanted = query.isEmpty() ? null : query.values().iterator().next();
                List<String> ids = store.traceIds(span -> wanted == null || span.attributes().containsValue(wanted),
                        limit);
                respond(exchange, 200, "application/json",
                        TraceViews.summariesJson(ids.stream().map(store::trace).filter(t -> !t.isEmpty()).toList()));
                return;
            }
            String traceId = path.substring("/traces/".length());
            List<CollectedSpan> trace = store.trace(traceId);
            if (trace.isEmpty()) {
                respond(exchange, 404, "text/plain", "no spans of trace " + traceId + " (yet)\n");
            } else if ("json".equals(query.get("format"))) {
                respond(exchange, 200, "application/json", TraceViews.traceJson(traceId, trace));
            } else {
                respond(exchange, 200, "text/plain", TraceViews.tree(traceId, trace));
            }
        }
    }

    private void help(HttpExchange exchange) throws IOException {
        try (exchange) {
            respond(exchange, exchange.getRequestURI().getPath().equals("/") ? 200 : 404, "text/plain", """
                    Trace collector (OTLP/HTTP, in memory)
                      POST /v1/traces                 services export here (protobuf)
                      GET  /traces                    latest traces (?limit=20)
                      GET  /traces?orderId=<id>       traces of an order (any span attribute equal to the id)
                      GET  /traces/<traceId>          one trace as a tree (?format=json for all attributes)
                    """);
        }
    }

    private static int parseLimit(String value) {
        try {
            return value == null ? 20 : Math.max(1, Math.min(1000, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            return 20;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** {@code java -cp trace-collector.jar:lib/* io.sagaplatform.tracecollector.TraceCollector [port]} */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
        TraceCollector collector = start(port, 20_000);
        System.out.println("Trace collector listening on " + collector.url() + " (OTLP/HTTP: POST /v1/traces;"
                + " read: GET /traces, /traces?orderId=<id>, /traces/<traceId>)");
        Runtime.getRuntime().addShutdownHook(new Thread(collector::close, "trace-collector-stop"));
        Thread.currentThread().join();
    }
}
