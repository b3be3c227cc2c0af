package io.sagaplatform.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one {@code ./saga profile} does: one measured step at {@code --rate} (after the bench's priming and a
 * warm-up), plus what to record. The load options it shares with the bench ({@code --prime}, {@code --prime-rate},
 * {@code --compensation-share}, the URLs, …) are handed to {@link Options#parse} unchanged, so they mean the same
 * thing and keep the same defaults.
 */
record ProfileOptions(double rate, int durationSeconds, int warmupSeconds, int top, boolean jfr, Path outputDir,
        Options bench) {

    /** Bench options that make no sense for a single profiled step. */
    private static final Set<String> NOT_HERE = Set.of("--rates", "--knee", "--idle", "--idle-only", "--output",
            "--wait-quiet");
    /** The recordings start before the warm-up; their own start-up cost must settle before the window opens. */
    static final int MIN_WARMUP_WITH_JFR = 10;

    static String usage() {
        return """
                Where a saga's CPU goes: one steady open-loop step against the running local stack (./saga run),
                with per-thread CPU of every process, a JFR recording per service and PostgreSQL's statement
                statistics over the measured window.

                  ./saga profile [OPTIONS]

                  --rate R                 sagas/s of the profiled step (default 10)
                  --duration S             measured seconds (default 40)
                  --warmup S               seconds at the rate before measuring (default 15; at least 10 with JFR)
                  --top N                  lines per top list: hot methods, allocations, statements (default 15)
                  --no-jfr                 no JFR recordings (JFR's own cost, ~1-3 % CPU, then stays out)
                  --output-dir DIR         where the report, its JSON and the .jfr files go
                                           (default .local/profile/<timestamp>)
                and the bench's load options, same defaults: --prime S (30), --prime-rate R (50),
                  --compensation-share F (0.1), --senders N, --max-in-flight N, --terminal-timeout S,
                  --p99-limit-ms MS, --hop-samples N, --no-setup, --repo-root DIR, --order-url, --orchestrator-url,
                  --inventory-url, --payment-url (./saga bench --help explains them)
                """;
    }

    static ProfileOptions parse(String... args) {
        double rate = 10;
        int duration = 40;
        int warmup = 15;
        int top = 15;
        boolean jfr = true;
        Path outputDir = null;
        Path repoRoot = Path.of(".");
        List<String> passThrough = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                throw new Options.UsageException(null);
            }
            if (arg.equals("--no-jfr")) {
                jfr = false;
                continue;
            }
            if (NOT_HERE.contains(arg)) {
                throw new Options.UsageException(arg + " is a ./saga bench option; a profile runs one step (--rate)");
            }
            boolean flag = arg.equals("--no-setup");
            if (!flag && i + 1 >= args.length) {
                throw new Options.UsageException("missing value after " + arg);
            }
            switch (arg) {
                case "--rate" -> rate = number(arg, args[++i]);
                case "--duration" -> duration = whole(arg, args[++i], 1);
                case "--warmup" -> warmup = whole(arg, args[++i], 0);
                case "--top" -> top = whole(arg, args[++i], 1);
                case "--output-dir" -> outputDir = Path.of(args[++i]);
                default -> {
                    passThrough.add(arg);
                    if (!flag) {
                        String value = args[++i];
                        passThrough.add(value);
                        if (arg.equals("--repo-root")) {
                            repoRoot = Path.of(value);
                        }
                    }
                }
            }
        }
        if (jfr && warmup < MIN_WARMUP_WITH_JFR) {
            throw new Options.UsageException("--warmup must be at least " + MIN_WARMUP_WITH_JFR
                    + " s with JFR (starting a recording loads and compiles JFR's code in each service: that must"
                    + " settle before the window), or add --no-jfr");
        }
        if (outputDir == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            outputDir = repoRoot.resolve(".local/profile/" + stamp);
        }
        List<String> benchArgs = new ArrayList<>(passThrough);
        benchArgs.addAll(List.of("--rates", String.format(Locale.ROOT, "%s", rate), "--duration",
                Integer.toString(duration), "--warmup", Integer.toString(warmup), "--idle", "0", "--output",
                outputDir.resolve("profile.json").toString()));
        Options bench = Options.parse(benchArgs.toArray(String[]::new));
        return new ProfileOptions(rate, duration, warmup, top, jfr, outputDir, bench);
    }

    private static double number(String name, String value) {
        try {
            double n = Double.parseDouble(value);
            if (!(n > 0) || n > 100_000) {
                throw new Options.UsageException(name + " must be a rate between 0 and 100000 per second: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Options.UsageException(name + " needs a number: " + value);
        }
    }

    private static int whole(String name, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n < min) {
                throw new Options.UsageException(name + " must be at least " + min + ": " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Options.UsageException(name + " needs a whole number: " + value);
        }
    }
}
