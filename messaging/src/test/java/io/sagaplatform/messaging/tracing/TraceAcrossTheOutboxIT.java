package io.sagaplatform.messaging.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.common.StockLine;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.messaging.SagaContext;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.outbox.OutboxMessage;
import io.sagaplatform.messaging.support.TestOutboxWriter;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * The trace crosses the CDC hop: a span that appends a command to the outbox, the relay's PRODUCER span
 * after Debezium read the row, the dispatcher's CONSUMER span after Kafka, and the reply the handler appends
 * — one trace, each span the child of the one before. Real PostgreSQL, Debezium and Kafka; the spans are read
 * from an in-memory exporter.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class TraceAcrossTheOutboxIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);

    @Inject
    TestOutboxWriter db;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    OpenTelemetry openTelemetry;

    @Inject
    MessageTracing tracing;

    @Inject
    Outbox outbox;

    @Test
    void theConsumerSpanAfterDebeziumAndKafkaContinuesTheTraceOfTheSpanThatWroteTheOutboxRow() {
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        SagaContext saga = new SagaContext(sagaId, "place-order", "reserve-inventory", 1);

        Span placing = openTelemetry.getTracer("test").spanBuilder("place order").startSpan();
        UUID commandId;
        try (Scope scope = placing.makeCurrent()) {
            commandId = db.append(OutboxMessage.command(Topics.INVENTORY_COMMANDS, saga, "order",
                    orderId.toString(), reserve(orderId))).get(0);
        } finally {
            placing.end();
        }
        String traceId = placing.getSpanContext().getTraceId();

        assertThat(db.count("SELECT count(*) FROM outbox WHERE id = ?1 AND traceparent = ?2", commandId,
                "00-" + traceId + "-" + placing.getSpanContext().getSpanId() + "-01"))
                .as("the outbox row keeps the appending span's W3C traceparent").isEqualTo(1);

        SpanData send = awaitSpan(s -> s.getKind() == SpanKind.PRODUCER && commandId.toString().equals(messageId(s)));
        SpanData process = awaitSpan(s -> s.getKind() == SpanKind.CONSUMER && commandId.toString().equals(messageId(s)));
        SpanData reply = awaitSpan(s -> s.getKind() == SpanKind.PRODUCER
                && Topics.SAGA_REPLIES.equals(s.getAttributes().get(MessageTracing.DESTINATION))
                && sagaId.toString().equals(s.getAttributes().get(MessageTracing.SAGA_ID)));

        assertThat(List.of(send, process, reply)).extracting(SpanData::getTraceId).containsOnly(traceId);
        assertThat(send.getName()).isEqualTo("send " + Topics.INVENTORY_COMMANDS);
        assertThat(send.getParentSpanId()).as("relay span: child of the span that appended the row")
                .isEqualTo(placing.getSpanContext().getSpanId());
        assertThat(process.getName()).isEqualTo("process " + Topics.INVENTORY_COMMANDS);
        assertThat(process.getParentSpanId()).as("consumer span: child of the relay span, after the Kafka hop")
                .isEqualTo(send.getSpanId());
        assertThat(process.getParentSpanContext().isRemote()).isTrue();
        assertThat(process.getAttributes().asMap()).containsEntry(MessageTracing.MESSAGING_SYSTEM, "kafka")
                .containsEntry(MessageTracing.DESTINATION, Topics.INVENTORY_COMMANDS)
                .containsEntry(MessageTracing.MESSAGE_ID, commandId.toString())
                .containsEntry(MessageTracing.MESSAGE_TYPE, "inventory.ReserveInventory")
                .containsEntry(MessageTracing.SAGA_ID, sagaId.toString())
                .containsEntry(MessageTracing.SAGA_STEP, "reserve-inventory")
                .containsEntry(MessageTracing.CONSUMER_GROUP, "messaging-test")
                .containsEntry(MessageTracing.OUTCOME, "APPLIED");
        assertThat(reply.getParentSpanId()).as("the reply appended while handling continues from the consumer span")
                .isEqualTo(process.getSpanId());
        assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getKind() == SpanKind.CONSUMER
                && s.getTraceId().equals(traceId) && s.getParentSpanId().equals(send.getSpanId()))
                .as("one CONSUMER span per record: no second one from the Kafka connector").hasSize(1);
    }

    @Test
    void workASagaDoesWithoutAMessageContinuesTheTraceOfItsLastMessageAndLinksAnOperatorsRequest() {
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        SagaContext first = new SagaContext(sagaId, "place-order", "reserve-inventory", 1);
        Span placing = openTelemetry.getTracer("test").spanBuilder("place order").startSpan();
        try (Scope scope = placing.makeCurrent()) {
            db.append(OutboxMessage.command(Topics.INVENTORY_COMMANDS, first, "order", orderId.toString(),
                    reserve(orderId)));
        } finally {
            placing.end();
        }
        SpanData reply = awaitSpan(s -> s.getKind() == SpanKind.PRODUCER
                && Topics.SAGA_REPLIES.equals(s.getAttributes().get(MessageTracing.DESTINATION))
                && sagaId.toString().equals(s.getAttributes().get(MessageTracing.SAGA_ID)));

        // a timeout wakes the saga on a scheduler thread, with no span current: it resends the command
        SagaContext resend = new SagaContext(sagaId, "place-order", "reserve-inventory", 2);
        UUID resent = QuarkusTransaction.requiringNew().call(() -> tracing.inSagaTrace("saga timer", sagaId,
                outbox.traceOfSaga(sagaId), () -> outbox.append(OutboxMessage.command(Topics.INVENTORY_COMMANDS,
                        resend, "order", orderId.toString(), reserve(orderId)))));

        SpanData timer = awaitSpan(s -> s.getName().equals("saga timer")
                && sagaId.toString().equals(s.getAttributes().get(MessageTracing.SAGA_ID)));
        SpanData sent = awaitSpan(s -> s.getKind() == SpanKind.PRODUCER && resent.toString().equals(messageId(s)));
        assertThat(timer.getTraceId()).isEqualTo(placing.getSpanContext().getTraceId());
        assertThat(timer.getParentSpanId()).as("the timer continues from the saga's last outbox row (the reply)")
                .isEqualTo(reply.getParentSpanId());
        assertThat(sent.getParentSpanId()).isEqualTo(timer.getSpanId());

        // an operator's request is its own trace: the action continues the saga's, linked to the request
        Span request = openTelemetry.getTracer("test").spanBuilder("POST /sagas/{id}/abort").startSpan();
        try (Scope scope = request.makeCurrent()) {
            QuarkusTransaction.requiringNew().run(() -> tracing.inSagaTrace("saga operator action", sagaId,
                    outbox.traceOfSaga(sagaId), () -> null));
        } finally {
            request.end();
        }
        SpanData action = awaitSpan(s -> s.getName().equals("saga operator action")
                && sagaId.toString().equals(s.getAttributes().get(MessageTracing.SAGA_ID)));
        assertThat(action.getTraceId()).isEqualTo(placing.getSpanContext().getTraceId());
        assertThat(action.getLinks()).extracting(link -> link.getSpanContext().getSpanId())
                .containsExactly(request.getSpanContext().getSpanId());
    }

    @Test
    void aMessageWrittenOutsideAnyTraceStartsItsOwnTraceAtTheConsumer() {
        UUID orderId = UUID.randomUUID();
        UUID id = db.append(OutboxMessage.event(Topics.INVENTORY_COMMANDS, "order", orderId.toString(),
                reserve(orderId))).get(0);

        SpanData process = awaitSpan(s -> s.getKind() == SpanKind.CONSUMER && id.toString().equals(messageId(s)));
        assertThat(process.getParentSpanContext().isValid()).as("a root span").isFalse();
        assertThat(db.count("SELECT count(*) FROM outbox WHERE id = ?1 AND traceparent IS NULL", id)).isEqualTo(1);
        assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getKind() == SpanKind.PRODUCER
                && id.toString().equals(messageId(s))).as("the relay starts no trace of its own").isEmpty();
    }

    @Test
    void aStoredTraceparentIsParsedOnlyWhenItIsValidW3c() {
        assertThat(TraceContext.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", " ")).get()
                .extracting(TraceContext::traceId).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(TraceContext.parse("00-00000000000000000000000000000000-b7ad6b7169203331-01", null)).isEmpty();
        assertThat(TraceContext.parse("not a traceparent", null)).isEmpty();
        assertThat(TraceContext.parse(null, "vendor=1")).isEmpty();
        assertThat(TraceContext.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=1")
                .flatMap(TraceContext::tracestate)).isEqualTo(Optional.of("vendor=1"));
    }

    private SpanData awaitSpan(Predicate<SpanData> wanted) {
        return await().atMost(AT_MOST).until(
                () -> spans.getFinishedSpanItems().stream().filter(wanted).findFirst(), Optional::isPresent).get();
    }

    private static String messageId(SpanData span) {
        return span.getAttributes().get(MessageTracing.MESSAGE_ID);
    }

    private static ReserveInventory reserve(UUID orderId) {
        return new ReserveInventory(orderId, List.of(new StockLine("SKU-APPLE", 1)));
    }
}
