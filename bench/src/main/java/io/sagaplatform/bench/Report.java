package io.sagaplatform.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything one run measured, and its Markdown rendering (printed to stdout and written next to the JSON).
 */
record Report(
        String startedAt,
        String finishedAt,
        Map<String, Object> conditions,
        List<StepResult> steps,
        Knee knee,
        Idle idle) {

    /** The highest rate that passed, when a knee search ran. */
    record Knee(Double rate, Double firstFailingRate, String rule) {
    }

    /** Whole-stack CPU with no load, in cores (1.0 = one core busy all the time). */
    record Idle(int seconds, Map<String, Double> cores, double stackCores, double machineBusyCores,
            double otherCores, String loadAverage) {
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Bench run ").append(startedAt).append("\n\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> machine = (Map<String, Object>) conditions.getOrDefault("machine", Map.of());
        md.append("Machine: ").append(machine.getOrDefault("cpus", "?")).append(" CPUs, ")
                .append(machine.getOrDefault("memoryGiB", "?")).append(" GiB; load average at start ")
                .append(conditions.getOrDefault("loadAverageAtStart", "?")).append(".\n\n");
        if (!steps.isEmpty()) {
            md.append("| target/s | sent/s | done/s | happy p50 | p90 | p99 | max | comp. p50 | p90 | p99 | max"
                    + " | errors | cores: busy / stack / other | verdict |\n");
            md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
            for (StepResult s : steps) {
                md.append(String.format(Locale.ROOT,
                        "| %s | %.1f | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %d | %.2f / %.2f / %.2f | %s |%n",
                        num(s.targetRate()), s.sentPerSecond(), s.completedPerSecond(), ms(s.happy().p50()),
                        ms(s.happy().p90()), ms(s.happy().p99()), ms(s.happy().max()), ms(s.compensation().p50()),
                        ms(s.compensation().p90()), ms(s.compensation().p99()), ms(s.compensation().max()),
                        s.errorCount(), s.machine().busyCores(), s.machine().stackCores(), s.machine().otherCores(),
                        s.verdict()));
            }
            md.append("\nLatency in ms from each order's intended send time to its saga's terminal event; happy = COMPLETED,"
                    + " comp. = COMPENSATED (OUT_OF_STOCK). Each step measured ")
                    .append(steps.get(0).durationSeconds()).append(" s after its warm-up.\n\n");
            md.append("CPU milliseconds per completed saga:\n\n");
            table(md, s -> s.cpuMillisPerSaga(), "%.2f");
            md.append("\nCPU, cores used on average during the window:\n\n");
            table(md, s -> s.cpuCores(), "%.3f");
            md.append("\nResident memory at the end of the window, MiB:\n\n");
            table(md, s -> s.rssMiB(), "%.0f");
            hops(md, "happy");
            hops(md, "compensation");
        }
        if (knee != null) {
            md.append("\nKnee (").append(knee.rule()).append("): ")
                    .append(knee.rate() == null ? "none — the first step failed" : num(knee.rate()) + " sagas/s")
                    .append(knee.firstFailingRate() == null ? " (no step failed)"
                            : "; first failing rate " + num(knee.firstFailingRate()) + "/s")
                    .append(".\n");
        }
        if (idle != null) {
            md.append(String.format(Locale.ROOT, "%nIdle, %d s with no load: stack %.1f %% of one core", idle.seconds(),
                    100 * idle.stackCores()));
            md.append(" (machine busy ").append(String.format(Locale.ROOT, "%.1f %%", 100 * idle.machineBusyCores()))
                    .append(", of which not the stack ")
                    .append(String.format(Locale.ROOT, "%.1f %%", 100 * idle.otherCores()))
                    .append("; load average ").append(idle.loadAverage()).append(")\n\n");
            md.append("| process | % of one core |\n|---|---:|\n");
            idle.cores().forEach((name, cores) -> md.append(String.format(Locale.ROOT, "| %s | %.2f |%n", name,
                    100 * cores)));
        }
        return md.toString();
    }

    private void table(StringBuilder md, Function<StepResult, Map<String, Double>> values, String format) {
        Set<String> rows = new LinkedHashSet<>();
        steps.forEach(s -> rows.addAll(values.apply(s).keySet()));
        md.append("| process |");
        steps.forEach(s -> md.append(" ").append(num(s.targetRate())).append("/s |"));
        md.append("\n|---|");
        steps.forEach(s -> md.append("---:|"));
        md.append("\n");
        for (String row : rows) {
            md.append("| ").append(row).append(" |");
            for (StepResult s : steps) {
                Double v = values.apply(s).get(row);
                md.append(" ").append(v == null ? "" : String.format(Locale.ROOT, format, v)).append(" |");
            }
            md.append("\n");
        }
    }

    private void hops(StringBuilder md, String path) {
        Map<String, Map<Double, StepResult.HopStat>> rows = new LinkedHashMap<>();
        List<Double> rates = new ArrayList<>();
        for (StepResult s : steps) {
            List<StepResult.HopStat> stats = Optional.ofNullable(s.hops().get(path)).orElse(List.of());
            if (stats.isEmpty()) {
                continue;
            }
            rates.add(s.targetRate());
            for (StepResult.HopStat stat : stats) {
                rows.computeIfAbsent(stat.interval(), k -> new LinkedHashMap<>()).put(s.targetRate(), stat);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("\nWhere the time goes, ").append(path).append(" path — p50 / p90 ms over the sampled sagas'"
                + " timelines:\n\n| interval |");
        rates.forEach(r -> md.append(" ").append(num(r)).append("/s |"));
        md.append("\n|---|");
        rates.forEach(r -> md.append("---:|"));
        md.append("\n");
        rows.forEach((interval, byRate) -> {
            md.append("| ").append(interval).append(" |");
            for (Double rate : rates) {
                StepResult.HopStat stat = byRate.get(rate);
                md.append(" ").append(stat == null ? ""
                        : String.format(Locale.ROOT, "%.0f / %.0f", stat.p50(), stat.p90())).append(" |");
            }
            md.append("\n");
        });
    }

    private static String ms(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f", millis) : String.format(Locale.ROOT, "%.1f", millis);
    }

    private static String num(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : String.format(Locale.ROOT, "%.1f", rate);
    }
}
