package io.sagaplatform.messaging.tracing;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.sagaplatform.contracts.Headers;

/**
 * The spans of the messaging plumbing, named and attributed after the OpenTelemetry messaging conventions:
 * <ul>
 * <li>{@code send <topic>} (PRODUCER), made by the relay for each outbox row that carries a trace context, as a
 * child of that context; the record leaves with <em>this</em> span's {@code traceparent}, so the hop from the
 * outbox to the broker's acknowledgement is visible in the trace;</li>
 * <li>{@code process <topic>} (CONSUMER), made by the dispatcher around reading, de-duplicating and handling one
 * record, as a child of the record's {@code traceparent}; outbox rows written while it is current carry it
 * onward;</li>
 * <li>{@code saga timer} and {@code saga operator action} (INTERNAL), for work a saga does without a message — a
 * timeout, a retry, an operator's decision — in the trace the saga already belongs to.</li>
 * </ul>
 * With the SDK off ({@code quarkus.otel.sdk.disabled=true}) the tracer is a no-op that hands the parent context
 * through unchanged, so a trace started upstream still crosses this service.
 */
@Singleton
public class MessageTracing {

    static final String INSTRUMENTATION_SCOPE = "io.sagaplatform.messaging";

    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    public static final AttributeKey<String> MESSAGE_KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    public static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    public static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    public static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    /** The wire type ({@code ce_type}), e.g. {@code inventory.ReserveInventory}. */
    public static final AttributeKey<String> MESSAGE_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    /** What the message is about ({@code ce_subject}): the order id on every order's command and reply. */
    public static final AttributeKey<String> MESSAGE_SUBJECT = AttributeKey.stringKey("cloudevents.event_subject");
    public static final AttributeKey<String> SAGA_ID = AttributeKey.stringKey("saga.id");
    public static final AttributeKey<String> SAGA_TYPE = AttributeKey.stringKey("saga.type");
    public static final AttributeKey<String> SAGA_STEP = AttributeKey.stringKey("saga.step");
    public static final AttributeKey<String> SAGA_ATTEMPT = AttributeKey.stringKey("saga.attempt");
    /** What the dispatcher did with the record: APPLIED, DUPLICATE or DEAD_LETTERED. */
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("saga.dispatch.outcome");

    private final Tracer tracer;

    @Inject
    MessageTracing(OpenTelemetry openTelemetry) {
        this(openTelemetry.getTracer(INSTRUMENTATION_SCOPE));
    }

    private MessageTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Tracing that records nothing but still hands trace contexts through (for code outside CDI). */
    public static MessageTracing passThrough() {
        return new MessageTracing(OpenTelemetry.noop().getTracer(INSTRUMENTATION_SCOPE));
    }

    /**
     * Starts the PRODUCER span of an outbox record about to be sent and puts its context in the record's
     * headers. A record without a trace context gets no span (empty): the relay starts no trace of its own.
     */
    public Optional<Span> startSend(ProducerRecord<String, byte[]> record) {
        Optional<TraceContext> parent = TraceContext.parse(header(record.headers(), Headers.TRACEPARENT),
                header(record.headers(), Headers.TRACESTATE));
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        SpanBuilder builder = tracer.spanBuilder("send " + record.topic())
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent.get().asParent())
                .setAttribute(OPERATION_TYPE, "send");
        messageAttributes(builder, record.topic(), record.key(), record.headers());
        Span span = builder.startSpan();
        TraceContext.of(Context.root().with(span)).ifPresent(sent -> {
            record.headers().remove(Headers.TRACEPARENT).remove(Headers.TRACESTATE);
            record.headers().add(Headers.TRACEPARENT, bytes(sent.traceparent()));
            sent.tracestate().ifPresent(state -> record.headers().add(Headers.TRACESTATE, bytes(state)));
        });
        return Optional.of(span);
    }

    /**
     * Starts the CONSUMER span of a received record, a child of the record's trace context (a new trace when
     * it has none). The caller makes it current while handling and ends it.
     */
    public Span startProcess(ConsumerRecord<String, byte[]> record, String consumerGroup) {
        SpanBuilder builder = tracer.spanBuilder("process " + record.topic())
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(CONSUMER_GROUP, consumerGroup)
                .setAttribute(PARTITION, Integer.toString(record.partition()))
                .setAttribute(OFFSET, record.offset());
        TraceContext.parse(header(record.headers(), Headers.TRACEPARENT), header(record.headers(), Headers.TRACESTATE))
                .ifPresentOrElse(parent -> builder.setParent(parent.asParent()), builder::setNoParent);
        messageAttributes(builder, record.topic(), record.key(), record.headers());
        return builder.startSpan();
    }

    /**
     * Runs {@code work} in an INTERNAL span {@code name} of saga {@code sagaId}, a child of {@code parent} (the
     * trace the saga belongs to) when known: what the work appends to the outbox stays in the order's trace.
     * A span current in another trace — an operator's request — is linked, so each trace leads to the other.
     */
    public <T> T inSagaTrace(String name, UUID sagaId, Optional<TraceContext> parent, Supplier<T> work) {
        SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(SAGA_ID, sagaId.toString());
        parent.ifPresentOrElse(p -> builder.setParent(p.asParent()), builder::setNoParent);
        io.opentelemetry.api.trace.SpanContext caller = Span.current().getSpanContext();
        if (caller.isValid() && parent.map(p -> !p.traceId().equals(caller.getTraceId())).orElse(true)) {
            builder.addLink(caller);
        }
        Span span = builder.startSpan();
        try (Scope scope = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Marks {@code span} as failed by {@code error}. */
    public static void failed(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }

    private static void messageAttributes(SpanBuilder builder, String topic, String key,
            org.apache.kafka.common.header.Headers headers) {
        builder.setAttribute(MESSAGING_SYSTEM, "kafka").setAttribute(DESTINATION, topic);
        if (key != null) {
            builder.setAttribute(MESSAGE_KEY, key);
        }
        setIfPresent(builder, MESSAGE_ID, header(headers, Headers.CE_ID));
        setIfPresent(builder, MESSAGE_TYPE, header(headers, Headers.CE_TYPE));
        setIfPresent(builder, MESSAGE_SUBJECT, header(headers, Headers.CE_SUBJECT));
        setIfPresent(builder, SAGA_ID, header(headers, Headers.SAGA_ID));
        setIfPresent(builder, SAGA_TYPE, header(headers, Headers.SAGA_TYPE));
        setIfPresent(builder, SAGA_STEP, header(headers, Headers.STEP));
        setIfPresent(builder, SAGA_ATTEMPT, header(headers, Headers.ATTEMPT));
    }

    private static void setIfPresent(SpanBuilder builder, AttributeKey<String> key, String value) {
        if (value != null) {
            builder.setAttribute(key, value);
        }
    }

    /** A header's text; {@code null} when absent, empty or too long to be a sane attribute. */
    static String header(org.apache.kafka.common.header.Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null || header.value().length == 0 || header.value().length > 512) {
            return null;
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
