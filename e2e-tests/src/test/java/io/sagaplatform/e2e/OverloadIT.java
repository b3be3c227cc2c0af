package io.sagaplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.testing.Tokens;

/**
 * The platform past its capacity, the short CI version of {@code ./saga bench --overload}: a burst of orders far
 * faster than two cores finish sagas, sent open loop. The door refuses the excess with 429 (problem+json,
 * Retry-After) instead of queueing it; nothing times out; every accepted order ends; timed-out commands that
 * only waited behind others are not resent; afterwards the door opens again, and stock and money add up.
 */
class OverloadIT {

    private static final String CUSTOMER = "overload";
    private static final String SKU = "SKU-OVERLOAD";
    private static final double RATE = 40;
    private static final int SECONDS = 12;
    private static final Duration AT_MOST = Duration.ofMinutes(4);
    private static final Pattern SENT = Pattern.compile(
            "^saga_commands_sent_total\\{[^}]*attempt=\"(first|resend)\"[^}]*\\} ([0-9.eE+-]+)", Pattern.MULTILINE);

    private static PlatformStack stack;
    private static Shop shop;

    @BeforeAll
    static void useTheSharedPlatform() {
        stack = SharedPlatform.stack();
        shop = new Shop(stack);
    }

    @AfterEach
    void invariantsHoldOnceThePlatformIsQuiet() {
        await().atMost(AT_MOST).until(() -> Invariants.activeSagas(stack) == 0);
        Invariants.check(stack);
    }

    @Test
    void beyondItsCapacityThePlatformRefusesTheExcessQuicklyAndFinishesEverySagaItAccepted() {
        shop.setAvailable(SKU, 1_000_000);
        shop.setCreditLimit(CUSTOMER, "1000000.00", "EUR");
        long reservedBefore = shop.stock(SKU).getLong("reserved");
        BigDecimal heldBefore = shop.held(CUSTOMER);
        Map<String, Double> sentBefore = commandsSent();

        List<Answer> answers = burst();

        List<Answer> accepted = answers.stream().filter(a -> a.status == 201).toList();
        List<Answer> refused = answers.stream().filter(a -> a.status == 429).toList();
        assertThat(answers).as("every request answered: 201 or 429, never a timeout or a 5xx")
                .allSatisfy(a -> assertThat(a.status).isIn(201, 429));
        assertThat(refused).as("%d orders in %d s are more than the platform takes", answers.size(), SECONDS).isNotEmpty();
        assertThat(accepted).isNotEmpty();
        assertThat(refused).allSatisfy(a -> {
            assertThat(a.contentType).startsWith("application/problem+json");
            assertThat(a.retryAfter).matches("[1-9][0-9]*");
            assertThat(JsonPath.from(a.body).getString("type")).endsWith("overloaded");
        });
        List<UUID> orders = accepted.stream().map(a -> UUID.fromString(JsonPath.from(a.body).getString("id"))).toList();
        // the operator's dashboard shows the refusals: orders that never became sagas
        JsonPath door = shop.door();
        assertThat(door.getBoolean("reachable")).as("the orchestrator reaches order-service's door: %s", door.prettify())
                .isTrue();
        assertThat(door.getLong("rejectedTotal")).isGreaterThanOrEqualTo(refused.size());
        assertThat(door.getInt("limit")).isPositive();

        await().atMost(AT_MOST).until(() -> orders.stream().allMatch(o -> shop.orderStatus(o).equals("APPROVED")));
        await().atMost(AT_MOST).until(() -> orders.stream().allMatch(o -> shop.sagaStatus(o).equals("COMPLETED")));

        Map<String, Double> sentAfter = commandsSent();
        double first = sentAfter.get("first") - sentBefore.get("first");
        double resends = sentAfter.get("resend") - sentBefore.get("resend");
        assertThat(first).as("commands sent for the accepted sagas").isGreaterThanOrEqualTo(5.0 * orders.size());
        assertThat(resends / (first + resends)).as("resends (%s of %s commands): waiting commands are not resent",
                resends, first + resends).isLessThanOrEqualTo(0.01);
        assertThat(shop.stock(SKU).getLong("reserved") - reservedBefore).as("one unit per approved order, once")
                .isEqualTo(orders.size());
        assertThat(shop.held(CUSTOMER).subtract(heldBefore)).as("1.00 EUR per approved order, once")
                .isEqualByComparingTo(new BigDecimal(orders.size()));

        // the backlog is gone: the door takes orders again
        UUID after = shop.placeOrder(CUSTOMER, SKU, 1, "1.00", "FR");
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(after).equals("COMPLETED"));
    }

    private record Answer(int status, String contentType, String retryAfter, String body) {
    }

    /** {@value #RATE} orders per second for {@value #SECONDS} s, each sent on time whatever the earlier ones got. */
    private static List<Answer> burst() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = Tokens.customer(CUSTOMER);
        URI uri = URI.create(stack.url("order-service") + "/orders");
        String body = """
                {"customerId":"%s","currency":"EUR","lines":[{"sku":"%s","quantity":1,"unitPrice":1.00}],
                 "shippingAddress":{"recipient":"R","street":"1 Main St","city":"Lyon","postalCode":"69001","country":"FR"}}
                """.formatted(CUSTOMER, SKU);
        List<CompletableFuture<Answer>> pending = new ArrayList<>();
        Map<Integer, Throwable> failures = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        int total = (int) (RATE * SECONDS);
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / RATE);
            LockSupport.parkNanos(due - System.nanoTime());
            int index = i;
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "overload-" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                            r.headers().firstValue("Retry-After").orElse(""), r.body()))
                    .exceptionally(e -> {
                        failures.put(index, e);
                        return new Answer(-1, "", "", e.toString());
                    }));
        }
        List<Answer> answers = pending.stream().map(CompletableFuture::join).toList();
        assertThat(failures).as("requests that failed or timed out").isEmpty();
        return answers;
    }

    private static Map<String, Double> commandsSent() {
        String scrape = await().atMost(Duration.ofSeconds(30)).until(() -> shop.metricsOrNull("orchestrator"),
                s -> s != null);
        Map<String, Double> sent = new ConcurrentHashMap<>(Map.of("first", 0.0, "resend", 0.0));
        Matcher m = SENT.matcher(scrape);
        while (m.find()) {
            sent.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return sent;
    }
}
