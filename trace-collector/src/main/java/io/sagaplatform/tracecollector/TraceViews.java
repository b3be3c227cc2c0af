package io.sagaplatform.tracecollector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** How the read API shows traces: JSON for tools, an indented tree for a person with curl. */
final class TraceViews {

    /** Attributes worth a glance in the tree view, in this order. */
    private static final List<String> TREE_ATTRIBUTES = List.of("http.route", "http.response.status_code",
            "cloudevents.event_type", "saga.step", "saga.attempt", "saga.dispatch.outcome");

    private TraceViews() {
    }

    static String summariesJson(List<List<CollectedSpan>> traces) {
        if (traces.isEmpty()) {
            return "[]\n";
        }
        return traces.stream().map(TraceViews::summaryJson).collect(Collectors.joining(",\n  ", "[\n  ", "\n]\n"));
    }

    private static String summaryJson(List<CollectedSpan> trace) {
        CollectedSpan first = trace.get(0);
        long start = trace.stream().mapToLong(CollectedSpan::startEpochNanos).min().orElse(0);
        long end = trace.stream().mapToLong(CollectedSpan::endEpochNanos).max().orElse(0);
        CollectedSpan root = trace.stream().filter(CollectedSpan::isRoot).findFirst().orElse(first);
        Set<String> services = trace.stream().map(CollectedSpan::service)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return "{\"traceId\":" + quote(first.traceId()) + ",\"root\":" + quote(root.service() + " " + root.name())
                + ",\"start\":" + quote(Instant.ofEpochSecond(0, start).toString())
                + ",\"durationMs\":" + millis(end - start) + ",\"spans\":" + trace.size()
                + ",\"services\":" + services.stream().map(TraceViews::quote).collect(Collectors.joining(",", "[", "]"))
                + "}";
    }

    static String traceJson(String traceId, List<CollectedSpan> trace) {
        return "{\"traceId\":" + quote(traceId) + ",\"spans\":[\n"
                + trace.stream().map(TraceViews::spanJson).collect(Collectors.joining(",\n")) + "\n]}\n";
    }

    private static String spanJson(CollectedSpan span) {
        String attributes = span.attributes().entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue())).collect(Collectors.joining(",", "{", "}"));
        return "{\"spanId\":" + quote(span.spanId()) + ",\"parentSpanId\":" + quote(span.parentSpanId())
                + ",\"service\":" + quote(span.service()) + ",\"kind\":" + quote(span.kind())
                + ",\"name\":" + quote(span.name())
                + ",\"start\":" + quote(Instant.ofEpochSecond(0, span.startEpochNanos()).toString())
                + ",\"durationMs\":" + millis(span.endEpochNanos() - span.startEpochNanos())
                + ",\"status\":" + quote(span.status())
                + (span.statusMessage().isEmpty() ? "" : ",\"statusMessage\":" + quote(span.statusMessage()))
                + ",\"attributes\":" + attributes + "}";
    }

    /**
     * The trace as an indented tree, children under their parent in start order, each line: offset from the
     * trace's start, duration, service, kind, name and a few telling attributes. Spans whose parent has not
     * (yet) arrived are shown at the top level, marked.
     */
    static String tree(String traceId, List<CollectedSpan> trace) {
        long start = trace.stream().mapToLong(CollectedSpan::startEpochNanos).min().orElse(0);
        Set<String> ids = new HashSet<>();
        trace.forEach(s -> ids.add(s.spanId()));
        Map<String, List<CollectedSpan>> children = new HashMap<>();
        List<CollectedSpan> tops = new ArrayList<>();
        for (CollectedSpan span : trace) {
            if (span.isRoot() || !ids.contains(span.parentSpanId())) {
                tops.add(span);
            } else {
                children.computeIfAbsent(span.parentSpanId(), id -> new ArrayList<>()).add(span);
            }
        }
        StringBuilder out = new StringBuilder("trace " + traceId + ": " + trace.size() + " spans\n");
        tops.sort(Comparator.comparingLong(CollectedSpan::startEpochNanos));
        for (CollectedSpan top : tops) {
            append(out, top, 0, start, children);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, CollectedSpan span, int depth, long traceStart,
            Map<String, List<CollectedSpan>> children) {
        out.append(String.format(Locale.ROOT, "%+9.1f ms %8.1f ms  ", (span.startEpochNanos() - traceStart) / 1e6,
                span.durationMillis()));
        out.append("  ".repeat(depth));
        out.append(span.service()).append("  ").append(span.kind()).append(' ').append(span.name());
        String details = TREE_ATTRIBUTES.stream().filter(span.attributes()::containsKey)
                .map(k -> k.substring(k.lastIndexOf('.') + 1) + "=" + span.attributes().get(k))
                .collect(Collectors.joining(" "));
        if (!details.isEmpty()) {
            out.append("  [").append(details).append(']');
        }
        if ("ERROR".equals(span.status())) {
            out.append("  ERROR ").append(span.statusMessage());
        }
        if (!span.isRoot() && depth == 0) {
            out.append("  (parent ").append(span.parentSpanId()).append(" not received)");
        }
        out.append('\n');
        List<CollectedSpan> kids = new ArrayList<>(children.getOrDefault(span.spanId(), List.of()));
        kids.sort(Comparator.comparingLong(CollectedSpan::startEpochNanos));
        for (CollectedSpan kid : kids) {
            append(out, kid, depth + 1, traceStart, children);
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
