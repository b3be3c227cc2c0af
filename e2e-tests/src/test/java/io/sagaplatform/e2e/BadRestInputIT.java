package io.sagaplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sagaplatform.e2e.BadInputs.Case;
import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.testing.Tokens;

/**
 * Bad input over REST, generated rather than listed: every endpoint that takes input gets one valid request,
 * and {@link BadInputs} derives the mutations of each of its fields, parameters and headers, plus broken
 * JSON, wrong media types, oversized bodies, unsupported methods and Idempotency-Key misuse. Each case must
 * be answered with a 4xx {@code application/problem+json} whose {@code status} is the HTTP status and whose
 * {@code detail} says what is wrong — never a 5xx — and the whole run must change nothing in any service's
 * tables. Mutations that are valid input are sent where they cannot change anything shared (an order under
 * the Idempotency-Key its customer already used, which must answer 422 — or 403 when the mutation names another
 * customer, sent by the key's owner; a scratch SKU, customer or country).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadRestInputIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PlatformStack stack;
    private static BadInputs inputs;
    private static StateSnapshot before;
    private static final List<String> fiveXx = new CopyOnWriteArrayList<>();
    private static final List<String> nonProblem = new CopyOnWriteArrayList<>();
    private static final List<String> otherFailures = new CopyOnWriteArrayList<>();
    private static int sent;

    @BeforeAll
    static void aQuietPlatformWithOneDecidedOrder() {
        stack = SharedPlatform.stack();
        Shop shop = new Shop(stack);
        // One order whose saga ends rejected without touching stock or credit: its Idempotency-Key is the
        // one valid mutations are sent under (422, nothing created), its saga the target of operator actions.
        String key = "bad-input-reference-" + UUID.randomUUID();
        UUID order = shop.placeOrder(key, BadInputs.REFERENCE_ORDER);
        await().atMost(Duration.ofSeconds(90)).until(() -> shop.sagaStatus(order).equals("COMPENSATED"));
        UUID saga = UUID.fromString(shop.saga(order).getString("saga.id"));
        inputs = new BadInputs(key, order, saga);
        before = StateSnapshot.settled(stack, StateSnapshot.Exclusions.SCRATCH);
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyBadRequestGetsAProblemAndNeverA5xx() {
        return inputs.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    @Test
    @Order(2)
    void noCaseChangedAnyServicesState() throws Exception {
        inputs.cleanUp(stack);
        StateSnapshot after = StateSnapshot.settled(stack, StateSnapshot.Exclusions.SCRATCH);
        List<String> changes = after.changesSince(before);
        System.out.printf("REST bad input: %d cases, %d 5xx, %d non-problem, %d state changes%n", sent, fiveXx.size(),
                nonProblem.size(), changes.size());
        assertThat(fiveXx).as("cases answered with a 5xx").isEmpty();
        assertThat(nonProblem).as("rejections that are not application/problem+json").isEmpty();
        assertThat(changes).as("tables changed by bad input").isEmpty();
        assertThat(otherFailures).as("cases with another wrong answer").isEmpty();
    }

    @AfterAll
    static void invariantsStillHold() {
        if (stack != null) {
            Invariants.check(stack);
        }
    }

    private static void check(Case c) throws IOException, InterruptedException {
        sent++;
        HttpResponse<byte[]> response = send(c);
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String seen = c.name() + " -> " + status + " " + type + " " + abbreviate(body);
        if (status >= 500) {
            fiveXx.add(seen);
        }
        if (status >= 400) {
            String problem = problemDefect(status, type, response.body());
            if (problem != null) {
                nonProblem.add(seen + ": " + problem);
            }
        }
        String wrong = c.expect().mismatch(status);
        if (wrong != null && status < 500) {
            otherFailures.add(seen + ": " + wrong);
        }
        assertThat(status).as("%s: no 5xx", seen).isLessThan(500);
        assertThat(wrong).as(seen).isNull();
        if (status >= 400) {
            assertThat(problemDefect(status, type, response.body())).as(seen).isNull();
        }
    }

    /** What is wrong with an error response as a problem document, or null when nothing is. */
    private static String problemDefect(int status, String contentType, byte[] body) {
        if (!contentType.toLowerCase().startsWith("application/problem+json")) {
            return "Content-Type is '" + contentType + "'";
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (IOException e) {
            return "body is not JSON";
        }
        if (problem == null || !problem.path("status").isInt() || problem.get("status").asInt() != status) {
            return "problem status is not " + status;
        }
        if (problem.path("detail").asText("").isBlank()) {
            return "problem has no detail";
        }
        return null;
    }

    private static final ObjectMapper EXACT_NUMBERS = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static HttpResponse<byte[]> send(Case c) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body;
        if (c.body() == null) {
            body = HttpRequest.BodyPublishers.noBody();
        } else if (c.chunked()) {
            byte[] bytes = c.body();
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        } else {
            body = HttpRequest.BodyPublishers.ofByteArray(c.body());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url(c.service()) + c.path()))
                .timeout(Duration.ofSeconds(30)).method(c.method(), body);
        c.headers().forEach(request::header);
        if (!c.headers().containsKey("Authorization")) {
            request.header("Authorization", "Bearer " + identityFor(c));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Who sends a case: bad input must be refused for its content, not for its sender, so each case comes
     * from someone allowed to call the endpoint — a placed order from the customer it names (when it names
     * one as a string), everything else from an administrator.
     */
    private static String identityFor(Case c) {
        if (c.service().equals("order-service") && c.method().equals("POST") && c.body() != null) {
            try {
                // a number or boolean is read as the customer id's text, as the service's JSON binding does
                JsonNode customer = EXACT_NUMBERS.readTree(c.body()).path("customerId");
                String id = customer.isValueNode() ? customer.asText() : "";
                // an id no customer can have (blank, too long for a token header) is refused for itself
                return Tokens.customer(id.isBlank() || id.length() > 64 ? "alice" : id);
            } catch (IOException | RuntimeException notJson) {
                return Tokens.customer("alice");
            }
        }
        return Tokens.admin();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
