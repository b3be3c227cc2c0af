package io.sagaplatform.bench;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What one step at one target rate measured. Latencies are milliseconds from an order's <em>intended</em> send
 * time to the moment the saga stream reported its saga COMPLETED or COMPENSATED; CPU is per completed saga over
 * the measured window; memory is resident at the end of the window.
 */
record StepResult(
        double targetRate,
        int durationSeconds,
        double sentPerSecond,
        double completedPerSecond,
        Latency happy,
        Latency compensation,
        Latency all,
        Map<String, Long> errors,
        long errorCount,
        double maxSendLagMillis,
        long recoveredByPolling,
        long streamReconnects,
        Map<String, Double> cpuMillisPerSaga,
        Map<String, Double> cpuCores,
        Machine machine,
        Map<String, Double> rssMiB,
        Map<String, List<HopStat>> hops,
        boolean passed,
        String verdict) {

    /** Percentiles of one path, in milliseconds. */
    record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {
        static Latency of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0, 0);
            }
            return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                    ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                    ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()), micros.getMean() / 1000.0);
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    /**
     * Where the machine's CPU went during the measured window, in cores (1.0 = one core busy all the time): the
     * stack's processes, this generator, and everything else (e.g. a build running beside the benchmark).
     */
    record Machine(double busyCores, double stackCores, double generatorCores, double otherCores,
            String loadAverageBefore, String loadAverageAfter) {
    }

    /** One interval of a saga's timeline over the sampled sagas of a path, in milliseconds. */
    record HopStat(String interval, int samples, double p50, double p90, double max) {
    }
}
