package io.sagaplatform.tracecollector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Spans grouped by trace, in memory, bounded: past {@code maxTraces} the trace seen least recently is dropped,
 * so a collector left running under load does not grow without end.
 */
final class SpanStore {

    private final int maxTraces;
    private final Map<String, List<CollectedSpan>> traces;

    SpanStore(int maxTraces) {
        this.maxTraces = maxTraces;
        this.traces = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<CollectedSpan>> eldest) {
                return size() > SpanStore.this.maxTraces;
            }
        };
    }

    synchronized void add(List<CollectedSpan> spans) {
        for (CollectedSpan span : spans) {
            traces.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
        }
    }

    /** The spans of one trace, earliest first; empty when unknown. */
    synchronized List<CollectedSpan> trace(String traceId) {
        List<CollectedSpan> spans = traces.get(traceId);
        if (spans == null) {
            return List.of();
        }
        return spans.stream().sorted(Comparator.comparingLong(CollectedSpan::startEpochNanos)).toList();
    }

    /** Every stored span (for tests). */
    synchronized List<CollectedSpan> all() {
        return traces.values().stream().flatMap(List::stream).toList();
    }

    /** The ids of the traces one of whose spans matches, most recently started first, at most {@code limit}. */
    synchronized List<String> traceIds(Predicate<CollectedSpan> anySpan, int limit) {
        record Found(String traceId, long start) {
        }
        List<Found> found = new ArrayList<>();
        for (Map.Entry<String, List<CollectedSpan>> trace : traces.entrySet()) {
            if (trace.getValue().stream().anyMatch(anySpan)) {
                long start = trace.getValue().stream().mapToLong(CollectedSpan::startEpochNanos).min().orElse(0);
                found.add(new Found(trace.getKey(), start));
            }
        }
        return found.stream().sorted(Comparator.comparingLong(Found::start).reversed()).limit(limit)
                .map(Found::traceId).toList();
    }

    synchronized void clear() {
        traces.clear();
    }
}
