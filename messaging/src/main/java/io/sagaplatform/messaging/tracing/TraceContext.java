package io.sagaplatform.messaging.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * A W3C trace context as it is stored in an outbox row and travels in Kafka headers. Always W3C, whatever
 * propagators the service configures: the header names are part of the wire contract
 * ({@link io.sagaplatform.contracts.Headers#TRACEPARENT}), and the context still passes through a service
 * whose tracing SDK is off.
 */
public record TraceContext(String traceparent, Optional<String> tracestate) {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    public TraceContext {
        Objects.requireNonNull(traceparent, "traceparent");
        Objects.requireNonNull(tracestate, "tracestate");
    }

    /** The context of the span current on this thread; empty when there is none. */
    public static Optional<TraceContext> current() {
        return of(Context.current());
    }

    /** The trace context {@code context} holds; empty when it holds no valid span context. */
    public static Optional<TraceContext> of(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return Optional.empty();
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
        String traceparent = carrier.get(TRACEPARENT);
        return traceparent == null ? Optional.empty()
                : Optional.of(new TraceContext(traceparent, Optional.ofNullable(carrier.get(TRACESTATE))));
    }

    /**
     * Parses a stored or received context; empty when {@code traceparent} is missing or not a valid W3C
     * traceparent (a bad header is ignored, never a reason to refuse a message).
     */
    public static Optional<TraceContext> parse(String traceparent, String tracestate) {
        if (traceparent == null || traceparent.isBlank()) {
            return Optional.empty();
        }
        TraceContext candidate = new TraceContext(traceparent.trim(),
                Optional.ofNullable(tracestate).map(String::trim).filter(s -> !s.isEmpty()));
        return candidate.spanContext().isValid() ? Optional.of(candidate) : Optional.empty();
    }

    /** The trace id (32 hex digits). */
    public String traceId() {
        return spanContext().getTraceId();
    }

    /** The remote span context this trace context names (invalid if it does not parse). */
    public SpanContext spanContext() {
        return Span.fromContext(asParent()).getSpanContext();
    }

    /** A context whose span is this (remote) parent, to start child spans from. */
    public Context asParent() {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), this, GETTER);
    }

    private static final TextMapGetter<TraceContext> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return java.util.List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(TraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return switch (key) {
                case TRACEPARENT -> carrier.traceparent();
                case TRACESTATE -> carrier.tracestate().orElse(null);
                default -> null;
            };
        }
    };
}
