package io.sagaplatform.tracecollector;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/** Reads an OTLP {@code ExportTraceServiceRequest} (protobuf, as OTLP/HTTP posts it) into flat spans. */
final class OtlpTraces {

    private static final HexFormat HEX = HexFormat.of();

    private OtlpTraces() {
    }

    static List<CollectedSpan> decode(byte[] body) throws InvalidProtocolBufferException {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
        List<CollectedSpan> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = attributes(resourceSpans.getResource().getAttributesList())
                    .getOrDefault("service.name", "unknown");
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    spans.add(new CollectedSpan(hex(span.getTraceId()), hex(span.getSpanId()),
                            hex(span.getParentSpanId()), span.getName(), kind(span.getKind()), service,
                            span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                            attributes(span.getAttributesList()), status(span), span.getStatus().getMessage()));
                }
            }
        }
        return spans;
    }

    private static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_SERVER -> "SERVER";
            case SPAN_KIND_CLIENT -> "CLIENT";
            case SPAN_KIND_PRODUCER -> "PRODUCER";
            case SPAN_KIND_CONSUMER -> "CONSUMER";
            default -> "INTERNAL";
        };
    }

    private static String status(Span span) {
        return switch (span.getStatus().getCode()) {
            case STATUS_CODE_OK -> "OK";
            case STATUS_CODE_ERROR -> "ERROR";
            default -> "UNSET";
        };
    }

    private static String hex(ByteString bytes) {
        return bytes.isEmpty() ? "" : HEX.formatHex(bytes.toByteArray());
    }

    private static Map<String, String> attributes(List<KeyValue> values) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue value : values) {
            attributes.put(value.getKey(), text(value.getValue()));
        }
        return attributes;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpTraces::text)
                    .collect(Collectors.joining(",", "[", "]"));
            case BYTES_VALUE -> HEX.formatHex(value.getBytesValue().toByteArray());
            default -> "";
        };
    }
}
