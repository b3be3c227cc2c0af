package io.sagaplatform.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What one service's JFR recording says about the profile's window (events outside it, e.g. of the warm-up, are
 * left out): the hottest methods by execution samples (the top frame of {@code jdk.ExecutionSample}, i.e. where
 * the CPU was when sampled — self time, not including callees), the classes and the allocation sites (top frame)
 * with the most sampled allocation weight ({@code jdk.ObjectAllocationSample}: an estimate of the bytes allocated),
 * and the garbage collections ({@code jdk.GarbageCollection}: count, sum of pauses, longest pause). Because self
 * time spreads thinly over JDK methods (HashMap.getNode, String.hashCode, …), the samples are also counted by their
 * first frame outside the JDK ({@code java.*}, {@code jdk.*}, {@code sun.*}): the library or application method
 * that spent the time, including the JDK code it called.
 */
record JfrSummary(
        long executionSamples,
        List<Entry> hotMethods,
        List<Entry> hotCallers,
        double allocatedMiB,
        List<Entry> allocatedClasses,
        List<Entry> allocationSites,
        GcPauses gc) {

    /** One line of a top list: a method or class and its share of the total (samples, or MiB for allocations). */
    record Entry(String name, double value, double percent) {
    }

    /** Collections in the window and their stop-the-world pauses. */
    record GcPauses(long count, double totalPauseMillis, double longestPauseMillis) {
    }

    /** Reads the recording; only events that start inside [from, to) count. */
    static JfrSummary read(Path recording, Instant from, Instant to, int top) throws IOException {
        Aggregator aggregator = new Aggregator();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                Instant start = event.getStartTime();
                if (start.isBefore(from) || !start.isBefore(to)) {
                    continue;
                }
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> aggregator.executionSample(topFrame(event.getStackTrace()),
                            firstNonJdkFrame(event.getStackTrace()));
                    case "jdk.ObjectAllocationSample" -> {
                        RecordedClass type = event.getClass("objectClass");
                        aggregator.allocation(type == null ? "?" : className(type.getName()), topFrame(event.getStackTrace()),
                                event.getLong("weight"));
                    }
                    case "jdk.GarbageCollection" -> aggregator.garbageCollection(event.getDuration("sumOfPauses"),
                            event.getDuration("longestPause"));
                    default -> {
                        // not summarised
                    }
                }
            }
        }
        return aggregator.summary(top);
    }

    /** {@code package.Type.method} of a stack's top frame ({@code (no stack)} when the event has none). */
    static String topFrame(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "(no stack)";
        }
        return frameName(stack.getFrames().get(0));
    }

    /** The first frame from the top whose class is not the JDK's; the top frame when all are. */
    static String firstNonJdkFrame(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "(no stack)";
        }
        for (RecordedFrame frame : stack.getFrames()) {
            RecordedMethod method = frame.getMethod();
            if (method != null && !isJdk(method.getType().getName())) {
                return frameName(frame);
            }
        }
        return topFrame(stack) + " (JDK only)";
    }

    static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("com.sun.") || className.startsWith("javax.");
    }

    private static String frameName(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method == null ? "(unknown frame)" : method.getType().getName() + "." + method.getName();
    }

    /** JFR names array classes by descriptor: {@code [B} is {@code byte[]}, {@code [Ljava.lang.Object;} {@code Object[]}. */
    static String className(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return name;
        }
        String element = name.substring(dims);
        String base = switch (element) {
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            case "Z" -> "boolean";
            default -> element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1)
                    : element;
        };
        return base + "[]".repeat(dims);
    }

    /** Counts events as they are read; independent of the JFR file format so that it can be tested alone. */
    static final class Aggregator {
        private final Map<String, Long> samplesByMethod = new HashMap<>();
        private final Map<String, Long> samplesByCaller = new HashMap<>();
        private final Map<String, Long> bytesByClass = new HashMap<>();
        private final Map<String, Long> bytesBySite = new HashMap<>();
        private long samples;
        private long bytes;
        private long collections;
        private Duration pauses = Duration.ZERO;
        private Duration longest = Duration.ZERO;

        void executionSample(String topFrame, String firstNonJdkFrame) {
            samples++;
            samplesByMethod.merge(topFrame, 1L, Long::sum);
            samplesByCaller.merge(firstNonJdkFrame, 1L, Long::sum);
        }

        void allocation(String className, String topFrame, long weight) {
            bytes += weight;
            bytesByClass.merge(className, weight, Long::sum);
            bytesBySite.merge(topFrame, weight, Long::sum);
        }

        void garbageCollection(Duration sumOfPauses, Duration longestPause) {
            collections++;
            pauses = pauses.plus(sumOfPauses);
            if (longestPause.compareTo(longest) > 0) {
                longest = longestPause;
            }
        }

        JfrSummary summary(int top) {
            return new JfrSummary(samples, topOf(samplesByMethod, samples, top, 1),
                    topOf(samplesByCaller, samples, top, 1), bytes / MIB,
                    topOf(bytesByClass, bytes, top, MIB), topOf(bytesBySite, bytes, top, MIB),
                    new GcPauses(collections, pauses.toNanos() / 1e6, longest.toNanos() / 1e6));
        }

        private static final double MIB = 1024.0 * 1024.0;

        private static List<Entry> topOf(Map<String, Long> values, long total, int top, double unit) {
            return ThreadCpu.largestFirst(values).entrySet().stream().limit(top)
                    .map(e -> new Entry(e.getKey(), e.getValue() / unit, total == 0 ? 0 : 100.0 * e.getValue() / total))
                    .toList();
        }
    }
}
