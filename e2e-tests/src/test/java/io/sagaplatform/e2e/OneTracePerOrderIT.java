package io.sagaplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.tracecollector.CollectedSpan;
import io.sagaplatform.tracecollector.TraceCollector;

/**
 * One order, one trace, across the five processes: the order request's SERVER span in order-service is the
 * root, and every hop — outbox → Debezium → Kafka → consumer, in every service — hangs below it with a
 * consistent parent link. The services export over OTLP/HTTP to the collector {@link SharedPlatform} started;
 * their logs, JSON in the prod profile they run in, carry the same trace id with the saga and message ids.
 */
class OneTracePerOrderIT {

    private static final Duration AT_MOST = Duration.ofSeconds(90);
    private static final String SUBJECT = "cloudevents.event_subject";
    private static PlatformStack stack;
    private static Shop shop;
    private static TraceCollector traces;

    @BeforeAll
    static void useTheSharedPlatform() {
        stack = SharedPlatform.stack();
        shop = new Shop(stack);
        traces = SharedPlatform.traces();
    }

    @AfterEach
    void invariantsHoldOnceThePlatformIsQuiet() {
        await().atMost(AT_MOST).until(() -> Invariants.activeSagas(stack) == 0);
        Invariants.check(stack);
    }

    @Test
    void oneTraceLinksTheOrderRequestToEveryParticipant() {
        UUID order = shop.placeOrder("alice", "SKU-BANANA", 1, "0.50", "FR");
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(order).equals("COMPLETED"));

        String traceId = await().atMost(AT_MOST).until(() -> completeTraceOf(order), Optional::isPresent).get();
        List<CollectedSpan> trace = traces.trace(traceId);
        System.out.println("The trace of order " + order + ":\n" + traces.tree(traceId));
        Map<String, CollectedSpan> byId = trace.stream().collect(Collectors.toMap(CollectedSpan::spanId, s -> s));

        assertThat(trace).filteredOn(CollectedSpan::isRoot).as("one root: the order request")
                .singleElement().satisfies(root -> {
                    assertThat(root.service()).isEqualTo("order-service");
                    assertThat(root.kind()).isEqualTo("SERVER");
                    assertThat(root.attribute("http.route")).contains("/orders");
                });
        assertThat(trace).extracting(CollectedSpan::service).as("every participant is in the order's trace")
                .contains("order-service", "orchestrator", "inventory-service", "payment-service", "shipping-service");
        assertThat(trace).filteredOn(s -> !s.isRoot()).as("every parent link points into the trace")
                .allSatisfy(s -> assertThat(byId).containsKey(s.parentSpanId()));
        assertThat(trace).filteredOn(s -> s.kind().equals("CONSUMER")).isNotEmpty()
                .as("each consumer span hangs below the relay span that sent its record").allSatisfy(consumer -> {
                    CollectedSpan sent = byId.get(consumer.parentSpanId());
                    assertThat(sent.kind()).isEqualTo("PRODUCER");
                    assertThat(sent.attribute("messaging.destination.name"))
                            .isEqualTo(consumer.attribute("messaging.destination.name"));
                    assertThat(sent.attribute("messaging.message.id")).isEqualTo(consumer.attribute("messaging.message.id"));
                    assertThat(sent.service()).isNotEqualTo(consumer.service());
                });
        assertThat(handled(trace)).as("service -> message types it handled in this trace")
                .containsEntry("orchestrator", Set.of("order.OrderPlaced", "inventory.InventoryReserved",
                        "payment.PaymentAuthorized", "shipping.ShipmentScheduled", "order.OrderApproved",
                        "payment.PaymentCaptured"))
                .containsEntry("inventory-service", Set.of("inventory.ReserveInventory"))
                .containsEntry("payment-service", Set.of("payment.AuthorizePayment", "payment.CapturePayment"))
                .containsEntry("shipping-service", Set.of("shipping.ScheduleShipment"))
                .containsEntry("order-service", Set.of("order.ApproveOrder"));
        CollectedSpan capture = trace.stream().filter(s -> s.kind().equals("CONSUMER")
                && s.attribute("cloudevents.event_type").equals(Optional.of("payment.CapturePayment"))).findFirst()
                .orElseThrow();
        // a step that timed out on a slow machine is resent from a "saga timer" span of the same trace: the
        // chain then passes through it, which changes nothing about the hops
        // the chain runs through the reply that completed each stage: the capture leaves with the approval (stage 3)
        // once the shipment is scheduled (stage 2), which started once the later of the reservation and the
        // authorization (stage 1, side by side) had answered
        List<String> chain = ancestors(capture, byId).stream().filter(s -> !s.name().equals("saga timer"))
                .map(s -> s.service() + " " + s.kind() + " " + s.name()).toList();
        String lastOfFirstStage = chain.size() > 6 ? chain.get(6).split(" ")[0] : "?";
        assertThat(lastOfFirstStage).as("the first stage completed with a participant's reply: %s", chain)
                .isIn("inventory-service", "payment-service");
        String firstStageTopic = lastOfFirstStage.equals("inventory-service") ? "inventory.commands" : "payment.commands";
        assertThat(chain).as("the last command, back to the request: one hop per message, three stages")
                .containsExactly(
                        "orchestrator PRODUCER send payment.commands",
                        "orchestrator CONSUMER process saga.replies",
                        "shipping-service PRODUCER send saga.replies",
                        "shipping-service CONSUMER process shipping.commands",
                        "orchestrator PRODUCER send shipping.commands",
                        "orchestrator CONSUMER process saga.replies",
                        lastOfFirstStage + " PRODUCER send saga.replies",
                        lastOfFirstStage + " CONSUMER process " + firstStageTopic,
                        "orchestrator PRODUCER send " + firstStageTopic,
                        "orchestrator CONSUMER process order.events",
                        "order-service PRODUCER send order.events",
                        "order-service SERVER POST /orders");
    }

    @Test
    void productionLogLinesAreJsonWithTheTraceTheSagaAndTheMessageTheyBelongTo() {
        UUID order = shop.placeOrder("alice", "SKU-PEAR", 1, "0.75", "FR");
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(order).equals("COMPLETED"));
        String sagaId = shop.saga(order).getString("saga.id");
        String traceId = await().atMost(AT_MOST).until(() -> completeTraceOf(order), Optional::isPresent).get();

        JsonPath started = await().atMost(AT_MOST).until(() -> logLine("orchestrator",
                "Saga " + sagaId + " (place-order v2) started for orderId " + order), Optional::isPresent).get();
        assertThat(started.getString("level")).isEqualTo("INFO");
        assertThat(started.getString("loggerName")).endsWith("Sagas");
        assertThat(started.getString("mdc.traceId")).isEqualTo(traceId);
        assertThat(started.getString("mdc.spanId")).matches("[0-9a-f]{16}");
        assertThat(started.getString("mdc.messageType")).isEqualTo("order.OrderPlaced");
        assertThat(started.getString("mdc.messageId")).isNotBlank();

        JsonPath reserved = await().atMost(AT_MOST).until(() -> logLine("inventory-service",
                "Order " + order + " reserved"), Optional::isPresent).get();
        assertThat(reserved.getString("mdc.traceId")).isEqualTo(traceId);
        assertThat(reserved.getString("mdc.sagaId")).isEqualTo(sagaId);
        assertThat(reserved.getString("mdc.messageType")).isEqualTo("inventory.ReserveInventory");
        assertThat(reserved.getString("mdc.messageId")).isNotBlank().isNotEqualTo(started.getString("mdc.messageId"));
    }

    /**
     * The one trace of an order once it is whole: every messaging span about the order (they carry its id as
     * {@code ce_subject}) in one trace, the replies of the order's last stage handled, and no span waiting for its
     * parent.
     */
    private static Optional<String> completeTraceOf(UUID order) {
        Set<String> ids = traces.spans().stream()
                .filter(s -> s.attribute(SUBJECT).equals(Optional.of(order.toString())))
                .map(CollectedSpan::traceId).collect(Collectors.toSet());
        assertThat(ids).as("traces with spans about order " + order).hasSizeLessThanOrEqualTo(1);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        String traceId = ids.iterator().next();
        List<CollectedSpan> trace = traces.trace(traceId);
        Set<String> spanIds = trace.stream().map(CollectedSpan::spanId).collect(Collectors.toSet());
        boolean linked = trace.stream().allMatch(s -> s.isRoot() || spanIds.contains(s.parentSpanId()));
        // the last stage's two replies (approval and capture, side by side) may be handled in either order
        Set<String> lastReplies = trace.stream().filter(s -> s.service().equals("orchestrator")
                && s.kind().equals("CONSUMER")).map(s -> s.attribute("cloudevents.event_type").orElse("?"))
                .collect(Collectors.toSet());
        boolean finished = lastReplies.containsAll(Set.of("payment.PaymentCaptured", "order.OrderApproved"));
        boolean hasRoot = trace.stream().anyMatch(CollectedSpan::isRoot);
        return linked && finished && hasRoot ? Optional.of(traceId) : Optional.empty();
    }

    private static Map<String, Set<String>> handled(List<CollectedSpan> trace) {
        return trace.stream().filter(s -> s.kind().equals("CONSUMER"))
                .collect(Collectors.groupingBy(CollectedSpan::service, Collectors.mapping(
                        s -> s.attribute("cloudevents.event_type").orElse("?"), Collectors.toSet())));
    }

    private static List<CollectedSpan> ancestors(CollectedSpan span, Map<String, CollectedSpan> byId) {
        return java.util.stream.Stream.iterate(byId.get(span.parentSpanId()), s -> s != null,
                s -> s.isRoot() ? null : byId.get(s.parentSpanId())).toList();
    }

    /** The first JSON line of a service's log whose message starts with {@code prefix}. */
    private static Optional<JsonPath> logLine(String service, String prefix) {
        Path log = stack.service(service).log();
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.startsWith("{") && line.contains(prefix))
                    .map(JsonPath::from)
                    .filter(json -> json.getString("message").startsWith(prefix))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
