package io.sagaplatform.tracecollector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

class TraceCollectorTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String ORDER = "7d3c2d56-3f1e-4a8e-9d53-1a9f3c6b0e11";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TraceCollector collector = TraceCollector.start();

    @AfterEach
    void stop() {
        collector.close();
    }

    @Test
    void keepsWhatServicesExportAndShowsOneTraceAsATreeOfItsServices() throws Exception {
        post(request("order-service", span("00f067aa0ba902b7", "", "POST /orders", Span.SpanKind.SPAN_KIND_SERVER,
                0, 40, "http.route", "/orders")), false);
        post(request("orchestrator", span("b7ad6b7169203331", "00f067aa0ba902b7", "process order.events",
                Span.SpanKind.SPAN_KIND_CONSUMER, 60, 90, "cloudevents.event_subject", ORDER)), true);

        assertThat(collector.trace(TRACE)).extracting(CollectedSpan::service)
                .containsExactly("order-service", "orchestrator");
        CollectedSpan consumer = collector.trace(TRACE).get(1);
        assertThat(consumer.parentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(consumer.kind()).isEqualTo("CONSUMER");
        assertThat(consumer.durationMillis()).isEqualTo(30.0);

        assertThat(get("/traces?orderId=" + ORDER)).contains("\"traceId\":\"" + TRACE + "\"")
                .contains("\"root\":\"order-service POST /orders\"").contains("\"spans\":2");
        assertThat(get("/traces?orderId=another")).isEqualTo("[]\n");
        assertThat(get("/traces/" + TRACE)).contains("trace " + TRACE + ": 2 spans")
                .contains("ms  order-service  SERVER POST /orders  [route=/orders]\n")
                .contains("ms    orchestrator  CONSUMER process order.events");
        assertThat(get("/traces/" + TRACE + "?format=json")).contains("\"parentSpanId\":\"00f067aa0ba902b7\"")
                .contains("\"cloudevents.event_subject\":\"" + ORDER + "\"");
    }

    @Test
    void refusesABodyThatIsNotOtlp() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(collector.url() + "/v1/traces"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { 1, 2, 3 })).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(collector.spans()).isEmpty();
    }

    private void post(ExportTraceServiceRequest request, boolean gzip) throws Exception {
        byte[] body = request.toByteArray();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(collector.url() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf");
        if (gzip) {
            builder.header("Content-Encoding", "gzip");
            body = gzip(body);
        }
        HttpResponse<byte[]> response = HTTP.send(builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(collector.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static ExportTraceServiceRequest request(String service, Span span) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service)))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
    }

    private static Span span(String id, String parent, String name, Span.SpanKind kind, long startMs, long endMs,
            String key, String value) {
        long base = 1_700_000_000_000_000_000L;
        return Span.newBuilder().setTraceId(bytes(TRACE)).setSpanId(bytes(id))
                .setParentSpanId(parent.isEmpty() ? ByteString.EMPTY : bytes(parent)).setName(name).setKind(kind)
                .setStartTimeUnixNano(base + startMs * 1_000_000).setEndTimeUnixNano(base + endMs * 1_000_000)
                .addAttributes(attribute(key, value)).build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        }
        return out.toByteArray();
    }
}
