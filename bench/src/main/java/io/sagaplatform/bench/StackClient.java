package io.sagaplatform.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sagaplatform.stack.StackService;

/**
 * The REST calls the generator makes: the bench data through the admin APIs, {@code POST /orders}, and the
 * orchestrator's dashboard API for stragglers and step timelines. One {@link HttpClient} (HTTP/1.1, its own
 * small executor) serves all of them; orders are sent with {@code sendAsync} so that a slow answer never holds
 * up the schedule.
 */
final class StackClient {

    /** Stocked far beyond any run: PUT /stock sets what is available, so every run starts full again. */
    static final String BENCH_SKU = "SKU-BENCH";
    /** Seeded with 0 units: an order for it is rejected OUT_OF_STOCK — the compensation path. */
    static final String SOLD_OUT_SKU = "SKU-SOLDOUT";
    static final String BENCH_CUSTOMER = "bench";
    static final long BENCH_STOCK = 100_000_000L;
    static final BigDecimal BENCH_CREDIT = new BigDecimal("100000000.00");
    /** numeric(14,2): at most 12 integer digits. */
    private static final BigDecimal MAX_CREDIT = new BigDecimal("999999999999.99");

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Environment variables with the bearer tokens ./saga bench mints with the local stack's key. */
    static final String CUSTOMER_TOKEN_ENV = "SAGA_BENCH_CUSTOMER_TOKEN";
    static final String ADMIN_TOKEN_ENV = "SAGA_BENCH_ADMIN_TOKEN";

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Options options;
    private final String customerToken;
    private final String adminToken;

    StackClient(Options options, ExecutorService executor) {
        this.options = options;
        this.customerToken = token(CUSTOMER_TOKEN_ENV, "customer " + BENCH_CUSTOMER);
        this.adminToken = token(ADMIN_TOKEN_ENV, "admin");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    HttpClient http() {
        return http;
    }

    /** The Authorization header value of the staff calls (bench data, dashboard API, live stream). */
    String staffAuthorization() {
        return "Bearer " + adminToken;
    }

    private static String token(String variable, String role) {
        String token = System.getenv(variable);
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("No bearer token in " + variable + " (a " + role + " token for the stack):"
                    + " run the generator through ./saga bench, which mints it with the stack's key");
        }
        return token.trim();
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * Where the service whose API is at {@code api} serves metrics and health: its management interface, on the API's
     * port + {@link StackService#MANAGEMENT_PORT_SHIFT} (the local stack, Compose and Kubernetes alike).
     */
    static URI management(URI api) {
        int port = api.getPort() < 0 ? 80 : api.getPort();
        return URI.create(api.getScheme() + "://" + api.getHost() + ":" + (port + StackService.MANAGEMENT_PORT_SHIFT)
                + "/");
    }

    /** Every service answers its readiness check, or a clear message says which does not. */
    void requireReady() {
        for (URI base : new URI[] { options.orchestratorUrl(), options.orderUrl(), options.inventoryUrl(),
                options.paymentUrl() }) {
            URI ready = management(base).resolve("/q/health/ready");
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                throw new IllegalStateException(ready + " does not answer (" + e + "): is the stack up? ./saga run");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (status != 200) {
                throw new IllegalStateException(ready + " answered " + status + ": the stack is not ready");
            }
        }
    }

    /**
     * Creates (or refills) the bench data: {@value #BENCH_SKU} with {@value #BENCH_STOCK} available,
     * {@value #SOLD_OUT_SKU} with none, and customer {@value #BENCH_CUSTOMER} with 100 000 000.00 EUR of credit
     * on top of whatever earlier runs hold. Orders cost 1.00 EUR, one unit each.
     */
    void createBenchData() {
        put(options.inventoryUrl().resolve("/stock/" + BENCH_SKU), "{\"available\": " + BENCH_STOCK + "}");
        put(options.inventoryUrl().resolve("/stock/" + SOLD_OUT_SKU), "{\"available\": 0}");
        BigDecimal held = BigDecimal.ZERO;
        HttpResponse<String> customer = get(options.paymentUrl().resolve("/customers/" + BENCH_CUSTOMER));
        if (customer.statusCode() == 200) {
            held = new BigDecimal(read(customer.body()).path("held").asText("0"));
        }
        BigDecimal limit = held.add(BENCH_CREDIT).min(MAX_CREDIT).setScale(2);
        put(options.paymentUrl().resolve("/customers/" + BENCH_CUSTOMER),
                "{\"creditLimit\": \"" + limit.toPlainString() + "\", \"currency\": \"EUR\"}");
    }

    /** POST /orders for one unit of the bench SKU, or of the sold-out SKU for the compensation path. */
    CompletableFuture<HttpResponse<String>> placeOrder(String idempotencyKey, boolean compensation) {
        String sku = compensation ? SOLD_OUT_SKU : BENCH_SKU;
        String body = "{\"customerId\":\"" + BENCH_CUSTOMER + "\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"" + sku
                + "\",\"quantity\":1,\"unitPrice\":1.00}],\"shippingAddress\":{\"recipient\":\"Bench\","
                + "\"street\":\"1 Main St\",\"city\":\"Lyon\",\"postalCode\":\"69001\",\"country\":\"FR\"}}";
        HttpRequest request = HttpRequest.newBuilder(options.orderUrl().resolve("/orders"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .header("Authorization", "Bearer " + customerToken)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The order id in a 201 answer. */
    UUID orderIdOf(String createdBody) {
        return UUID.fromString(read(createdBody).path("id").asText());
    }

    /** The saga summary of an order from the dashboard, if the saga exists yet. */
    Optional<JsonNode> sagaOfOrder(UUID orderId) {
        HttpResponse<String> page = get(options.orchestratorUrl().resolve("/sagas?size=1&type=place-order&orderId=" + orderId));
        if (page.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode items = read(page.body()).path("items");
        return items.isArray() && items.size() > 0 ? Optional.of(items.get(0)) : Optional.empty();
    }

    /** GET /sagas/{id}: the steps with their durations, and the timeline. */
    Optional<JsonNode> sagaDetail(String sagaId) {
        HttpResponse<String> detail = get(options.orchestratorUrl().resolve("/sagas/" + sagaId));
        return detail.statusCode() == 200 ? Optional.of(read(detail.body())) : Optional.empty();
    }

    /** GET /stock/{sku} (available, reserved, total). */
    JsonNode stock(String sku) {
        return read(require(get(options.inventoryUrl().resolve("/stock/" + sku))));
    }

    /** GET /customers/{id} (credit limit, held, available). */
    JsonNode customer(String id) {
        return read(require(get(options.paymentUrl().resolve("/customers/" + id))));
    }

    /**
     * The sum of a Prometheus series' values at {@code /q/metrics} of the service at {@code base} over the lines whose labels contain
     * {@code labelFilter} (e.g. {@code attempt="resend"}); 0 when the series is absent.
     */
    double metric(URI base, String series, String labelFilter) {
        String text = require(send(HttpRequest.newBuilder(management(base).resolve("/q/metrics")).timeout(REQUEST_TIMEOUT).GET()
                .build()));
        double sum = 0;
        for (String line : text.split("\n")) {
            int exemplar = line.indexOf(" # "); // an OpenMetrics exemplar follows the value: not part of it
            line = exemplar < 0 ? line : line.substring(0, exemplar);
            if (line.startsWith(series + "{") || line.startsWith(series + " ")) {
                int space = line.lastIndexOf(' ');
                if (line.substring(0, space).contains(labelFilter)) {
                    sum += Double.parseDouble(line.substring(space + 1));
                }
            }
        }
        return sum;
    }

    private static String require(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private void put(URI uri, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Authorization", staffAuthorization())
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("PUT " + uri + " " + body + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Authorization", staffAuthorization())
                .GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable JSON: " + body, e);
        }
    }
}
