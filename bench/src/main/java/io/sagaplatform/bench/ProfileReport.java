package io.sagaplatform.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one {@code ./saga profile} measured, and its renderings: the Markdown report (written next to the JSON),
 * the short summary printed to the terminal, and the "where a saga's CPU goes" table meant for BENCHMARKS.md.
 */
record ProfileReport(
        String startedAt,
        Window window,
        Map<String, Object> conditions,
        StepResult step,
        List<ProcessCpu> cpu,
        Map<String, JfrSummary> jfr,
        List<PgStatements.StatementCost> statements,
        List<PgStatements.CommitRate> commits,
        Map<String, String> files,
        List<String> notes) {

    /** The measured window: the bench step's own bounds, so per-process figures and thread groups agree. */
    record Window(String from, String to, double seconds, double rate, long completedSagas, double completedPerSecond) {
    }

    /** One process's CPU over the window (from the bench's /proc reading) and how its threads share it. */
    record ProcessCpu(String process, double millisPerSaga, double cores, List<GroupCpu> groups) {
    }

    record GroupCpu(String group, double millisPerSaga, double cores, double percentOfProcess) {
    }

    /** The row of the threads that were gone at the end of the window: their time is only in the process total. */
    static final String ENDED_THREADS = "threads that ended in the window";
    static final String STACK_TOTAL = "stack total";

    /** A group smaller than this share of its process (and than 0.1 ms per saga) joins "smaller groups". */
    private static final double SMALL_SHARE = 2.0;

    /** The table for BENCHMARKS.md: per process its total, then its thread groups, largest first. */
    String cpuTable() {
        StringBuilder md = new StringBuilder();
        md.append("| process | thread group | CPU ms per saga | cores |\n|---|---|---:|---:|\n");
        for (ProcessCpu process : cpu) {
            md.append(String.format(Locale.ROOT, "| **%s** | all | **%s** | %.3f |%n", process.process(),
                    ms(process.millisPerSaga()), process.cores()));
            double smaller = 0;
            double smallerCores = 0;
            int smallCount = 0;
            for (GroupCpu group : process.groups()) {
                boolean small = group.percentOfProcess() < SMALL_SHARE && group.millisPerSaga() < 0.1;
                if (small) {
                    smaller += group.millisPerSaga();
                    smallerCores += group.cores();
                    smallCount++;
                } else {
                    md.append(String.format(Locale.ROOT, "| | %s | %s | %.3f |%n", group.group(),
                            ms(group.millisPerSaga()), group.cores()));
                }
            }
            if (smallCount > 0) {
                md.append(String.format(Locale.ROOT, "| | %d smaller groups | %s | %.3f |%n", smallCount, ms(smaller),
                        smallerCores));
            }
        }
        if (step != null && step.cpuMillisPerSaga().containsKey(STACK_TOTAL)) {
            md.append(String.format(Locale.ROOT, "| **%s** (without the generator) | | **%s** | %.3f |%n",
                    STACK_TOTAL, ms(step.cpuMillisPerSaga().get(STACK_TOTAL)), step.cpuCores().get(STACK_TOTAL)));
        }
        return md.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Saga profile ").append(startedAt).append("\n\n");
        md.append(conditionsLine()).append("\n\n");
        md.append("## Where a saga's CPU goes\n\n");
        md.append("CPU milliseconds per completed saga over the window, per process (from /proc/<pid>/stat, as the"
                + " bench measures it) and per thread group (from /proc/<pid>/task/<tid>/stat; PostgreSQL: per"
                + " backend kind and database). \"cores\" = CPU-seconds per second of the window.\n\n");
        md.append(cpuTable());
        if (!notes.isEmpty()) {
            md.append("\n");
            notes.forEach(note -> md.append("- ").append(note).append("\n"));
        }
        if (!jfr.isEmpty()) {
            md.append("\n## JFR, per service (events inside the window only)\n");
            jfr.forEach((service, summary) -> jfrSection(md, service, summary));
        }
        md.append("\n## PostgreSQL\n\n");
        if (!commits.isEmpty()) {
            md.append("Transactions committed per saga, per database (pg_stat_database.xact_commit):\n\n");
            md.append("| database | commits | per saga | rollbacks |\n|---|---:|---:|---:|\n");
            for (PgStatements.CommitRate c : commits) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %d |%n", c.database(), c.commits(),
                        c.commitsPerSaga(), c.rollbacks()));
            }
            md.append("\n");
        }
        if (!statements.isEmpty()) {
            md.append("Top statements by total execution time (pg_stat_statements, difference over the window):\n\n");
            md.append("| # | database | calls per saga | ms per saga | mean ms | rows | statement |\n"
                    + "|---:|---|---:|---:|---:|---:|---|\n");
            int i = 0;
            for (PgStatements.StatementCost s : statements) {
                md.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.3f | %.3f | %d | `%s` |%n", ++i,
                        s.database(), s.callsPerSaga(), s.millisPerSaga(), s.meanMillis(), s.rows(),
                        abbreviate(s.query(), 160).replace("|", "\\|").replace("`", "'")));
            }
            md.append("\nExecution time only (planning is not tracked); a statement's time includes waiting for"
                    + " locks and I/O, so the sum can exceed PostgreSQL's CPU.\n");
        }
        if (step != null) {
            md.append("\n## The load (the bench's step: latency, per-process CPU and memory, hops)\n\n");
            String bench = new Report(startedAt, window.to(), conditions, List.of(step), null, null).markdown();
            // the bench's heading and machine line: the conditions line above says it already
            md.append(bench.replaceFirst("^## Bench run .*\\n\\n(Machine: .*\\n\\n)?", ""));
        }
        if (!files.isEmpty()) {
            md.append("\n## Files\n\n");
            files.forEach((what, path) -> md.append("- ").append(what).append(": `").append(path).append("`\n"));
        }
        return md.toString();
    }

    /** What the terminal shows at the end: the conditions, the CPU table, the hottest spots, the files. */
    String terminalSummary(int topPerService) {
        StringBuilder out = new StringBuilder();
        out.append(conditionsLine()).append("\n\nWhere a saga's CPU goes:\n\n").append(cpuTable());
        notes.forEach(note -> out.append("  note: ").append(note).append("\n"));
        jfr.forEach((service, summary) -> {
            out.append(String.format(Locale.ROOT, "%n%s (first frames outside the JDK): %d execution samples, %.0f MiB"
                    + " allocated (sampled), GC %d"
                    + " pauses, %.1f ms in total (%.2f ms per saga)%n", service, summary.executionSamples(),
                    summary.allocatedMiB(), summary.gc().count(), summary.gc().totalPauseMillis(),
                    perSaga(summary.gc().totalPauseMillis())));
            summary.hotCallers().stream().limit(topPerService).forEach(e -> out.append(String.format(Locale.ROOT,
                    "  %5.1f %%  %s%n", e.percent(), e.name())));
        });
        if (!statements.isEmpty()) {
            out.append("\nPostgreSQL, top statements (ms per saga, calls per saga):\n");
            statements.stream().limit(5).forEach(s -> out.append(String.format(Locale.ROOT, "  %7.3f ms  %5.2f  %-18s %s%n",
                    s.millisPerSaga(), s.callsPerSaga(), s.database(), abbreviate(s.query(), 90))));
        }
        if (!commits.isEmpty()) {
            out.append("Commits per saga:");
            commits.forEach(c -> out.append(String.format(Locale.ROOT, " %s %.2f,", c.database(), c.commitsPerSaga())));
            out.setLength(out.length() - 1);
            out.append("\n");
        }
        return out.toString();
    }

    private String conditionsLine() {
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "Window %s → %s (%.1f s) at %s sagas/s: %d sagas completed (%.1f/s)",
                window.from(), window.to(), window.seconds(), num(window.rate()), window.completedSagas(),
                window.completedPerSecond()));
        if (step != null) {
            line.append(String.format(Locale.ROOT, "; happy p50 %.0f ms, p99 %.0f ms; errors %d; machine busy %.2f cores"
                    + " (stack %.2f, generator %.2f, other %.2f); load average %s", step.happy().p50(),
                    step.happy().p99(), step.errorCount(), step.machine().busyCores(), step.machine().stackCores(),
                    step.machine().generatorCores(), step.machine().otherCores(), step.machine().loadAverageBefore()));
        }
        Object jfrOn = conditions.get("jfr");
        line.append(Boolean.TRUE.equals(jfrOn) ? ". JFR (settings=profile) ran in every service during the window:"
                + " its cost is in the figures (group \"" + ThreadGroups.JFR + "\")." : ". No JFR.");
        return line.toString();
    }

    private void jfrSection(StringBuilder md, String service, JfrSummary s) {
        md.append("\n### ").append(service).append("\n\n");
        md.append(String.format(Locale.ROOT, "%d execution samples; %.0f MiB allocated (estimated from samples, %.2f MiB"
                + " per saga); GC: %d collections, pauses %.1f ms in total (%.3f ms per saga), longest %.1f ms.%n%n",
                s.executionSamples(), s.allocatedMiB(), perSaga(s.allocatedMiB()), s.gc().count(),
                s.gc().totalPauseMillis(), perSaga(s.gc().totalPauseMillis()), s.gc().longestPauseMillis()));
        entries(md, "hot method (top frame: self time)", "samples", s.hotMethods(), "%.0f");
        entries(md, "first frame outside the JDK (its time includes the JDK code it calls)", "samples",
                s.hotCallers(), "%.0f");
        entries(md, "allocated class", "MiB", s.allocatedClasses(), "%.1f");
        entries(md, "allocation site (top frame)", "MiB", s.allocationSites(), "%.1f");
    }

    private static void entries(StringBuilder md, String title, String unit, List<JfrSummary.Entry> entries,
            String format) {
        if (entries.isEmpty()) {
            return;
        }
        md.append("| # | ").append(title).append(" | ").append(unit).append(" | % |\n|---:|---|---:|---:|\n");
        int i = 0;
        for (JfrSummary.Entry e : entries) {
            md.append(String.format(Locale.ROOT, "| %d | `%s` | " + format + " | %.1f |%n", ++i, e.name(), e.value(),
                    e.percent()));
        }
        md.append("\n");
    }

    private double perSaga(double value) {
        return window.completedSagas() == 0 ? 0 : value / window.completedSagas();
    }

    static List<GroupCpu> groups(Map<String, Double> secondsByGroup, double processSeconds, double windowSeconds,
            long sagas) {
        List<GroupCpu> groups = new ArrayList<>();
        double attributed = 0;
        for (Map.Entry<String, Double> e : secondsByGroup.entrySet()) {
            groups.add(group(e.getKey(), e.getValue(), processSeconds, windowSeconds, sagas));
            attributed += e.getValue();
        }
        double rest = processSeconds - attributed;
        if (rest > 0.02 * processSeconds && rest > 0) {
            groups.add(group(ENDED_THREADS, rest, processSeconds, windowSeconds, sagas));
        }
        groups.sort((a, b) -> Double.compare(b.millisPerSaga(), a.millisPerSaga()));
        return groups;
    }

    private static GroupCpu group(String name, double seconds, double processSeconds, double windowSeconds,
            long sagas) {
        return new GroupCpu(name, sagas == 0 ? 0 : 1000 * seconds / sagas, seconds / windowSeconds,
                processSeconds <= 0 ? 0 : 100 * seconds / processSeconds);
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String ms(double millis) {
        return millis >= 10 ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.2f", millis);
    }

    private static String num(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : String.format(Locale.ROOT, "%.1f", rate);
    }
}
