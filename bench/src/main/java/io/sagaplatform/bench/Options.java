package io.sagaplatform.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.sagaplatform.stack.LocalStack;
import io.sagaplatform.stack.StackService;

/**
 * What one run of the load generator does. Every option has a default that suits the local stack of
 * {@code ./saga run}; {@link #usage()} is the reference.
 */
record Options(
        List<Double> rates,
        boolean knee,
        int durationSeconds,
        int warmupSeconds,
        int primeSeconds,
        double primeRate,
        double compensationShare,
        int maxInFlight,
        int senders,
        int terminalTimeoutSeconds,
        long p99LimitMillis,
        int idleSeconds,
        boolean idleOnly,
        int hopSamples,
        int waitQuietSeconds,
        boolean setup,
        Path output,
        Path repoRoot,
        URI orderUrl,
        URI orchestratorUrl,
        URI inventoryUrl,
        URI paymentUrl,
        boolean overload,
        boolean outage,
        double kneeRate,
        int overloadSeconds,
        int recoverySeconds,
        double outageRate,
        int outageSeconds,
        String outageService) {

    /** The ladder of a knee search when no rates are given: steps of about 20 %, so a knee is found within that. */
    static final List<Double> KNEE_LADDER = List.of(5d, 6d, 7d, 8d, 10d, 12d, 15d, 18d, 21d, 25d, 30d, 36d, 43d, 50d,
            60d, 72d, 86d, 100d, 120d, 150d, 180d, 220d, 260d, 310d, 370d, 440d, 530d, 640d, 770d, 920d);

    /** The knee of the reference run in BENCHMARKS.md: what --overload and --outage scale their rates from. */
    static final double REFERENCE_KNEE = 12;

    static String usage() {
        return """
                Open-loop load generator against the running local stack (start it with ./saga run).

                  ./saga bench [OPTIONS]

                  --rates R1,R2,...        sagas/s per step (default 25,50,100,150 without --knee)
                  --knee                   step the rate up (the --rates list, or 5,6,7,8,10,12,15,18,21,25,30,36,...:
                                           steps of ~20 %) until a step fails (p99 >= --p99-limit-ms or any error,
                                           a 429 from the door included); the knee is the highest rate that passed.
                                           Ends with one line: BENCH knee=... cpu-ms-per-saga=... p50-at-50=...
                  --duration S             measured seconds per step (default 30)
                  --warmup S               seconds at the step's rate before measuring (default 10)
                  --prime S                seconds of unmeasured load before the first step, to warm the JITs (default 60)
                  --prime-rate R           rate of the priming load (default 50: more than the stack takes; the door
                                           refuses the excess, so a cold stack works at its capacity, not beyond)
                  --overload               instead of steps: 3x --knee-rate for --overload-seconds, then half of it for
                                           --recovery-seconds; checks the door (429 within 50 ms, no timeouts), that
                                           every accepted saga ends, resends <= 1 % and the recovery time, and that
                                           stock and money add up. Ends with one line: OVERLOAD offered=... violations=N
                  --outage                 instead of steps: --outage-rate for 30 s, then --outage-service stopped for
                                           --outage-seconds, started again, 90 s more; the same checks
                  --knee-rate R            the stack's knee for --overload (default 12, BENCHMARKS.md's reference)
                  --overload-seconds S     (default 60)
                  --recovery-seconds S     (default 120)
                  --outage-rate R          (default 10)
                  --outage-seconds S       (default 120)
                  --outage-service NAME    (default payment-service)
                  --compensation-share F   share of orders for SKU-SOLDOUT, rejected OUT_OF_STOCK (default 0.1)
                  --max-in-flight N        placed but not yet terminal sagas at most; a send beyond is an error
                                           (client-cap) and is not sent (default 20000)
                  --senders N              sender threads sharing the schedule (default 2)
                  --terminal-timeout S     seconds after a step's last send for its sagas to end (default 30)
                  --p99-limit-ms MS        a step passes with p99 below this and no error (default 1000)
                  --idle S                 whole-stack idle CPU over S seconds after the steps (default 30, 0 = skip)
                  --idle-only              only the idle measurement
                  --hop-samples N          sagas per path and step whose timelines are read for the per-hop
                                           breakdown (default 20)
                  --wait-quiet S           before each step, wait up to S seconds until the rest of the machine
                                           (all but the stack and this generator) uses < 0.25 cores for 5 s
                                           (default 0: do not wait; each step reports what else ran anyway)
                  --no-setup               do not (re)create the bench SKU and customer
                  --output FILE            result JSON (a Markdown table is written next to it, .md)
                                           (default .local/bench/bench-<timestamp>.json)
                  --repo-root DIR          where .local/run/*.pid and .local/kafka/kafka.pid are (default .)
                  --order-url, --orchestrator-url, --inventory-url, --payment-url
                                           (default the local stack's: http://localhost:SAGA_PORT_BASE+1, +0, +2, +3,
                                           SAGA_PORT_BASE 8080 unless set); metrics and health are read
                                           on each one's management port, its port + 1000
                """;
    }

    /** Where {@code ./saga run} serves a service: its port in the one service table. */
    static URI localUrl(String service) {
        return URI.create("http://localhost:" + StackService.named(service).port(LocalStack.portBase()));
    }

    static Options parse(String... args) {
        List<Double> rates = null;
        boolean knee = false;
        int duration = 30;
        int warmup = 10;
        int prime = 60;
        double primeRate = 50;
        double compensationShare = 0.1;
        int maxInFlight = 20_000;
        int senders = 2;
        int terminalTimeout = 30;
        long p99Limit = 1000;
        int idle = 30;
        boolean idleOnly = false;
        int hopSamples = 20;
        int waitQuiet = 0;
        boolean setup = true;
        Path output = null;
        Path repoRoot = Path.of(".");
        URI orderUrl = localUrl("order-service");
        URI orchestratorUrl = localUrl("orchestrator");
        URI inventoryUrl = localUrl("inventory-service");
        URI paymentUrl = localUrl("payment-service");
        boolean overload = false;
        boolean outage = false;
        double kneeRate = REFERENCE_KNEE;
        int overloadSeconds = 60;
        int recoverySeconds = 120;
        double outageRate = 10;
        int outageSeconds = 120;
        String outageService = "payment-service";

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--knee" -> knee = true;
                case "--idle-only" -> idleOnly = true;
                case "--no-setup" -> setup = false;
                case "--overload" -> overload = true;
                case "--outage" -> outage = true;
                case "-h", "--help" -> throw new UsageException(null);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException("missing value after " + arg);
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--rates" -> rates = parseRates(value);
                        case "--duration" -> duration = positive(arg, value);
                        case "--warmup" -> warmup = nonNegative(arg, value);
                        case "--prime" -> prime = nonNegative(arg, value);
                        case "--prime-rate" -> primeRate = positiveRate(arg, value);
                        case "--compensation-share" -> compensationShare = share(value);
                        case "--max-in-flight" -> maxInFlight = positive(arg, value);
                        case "--senders" -> senders = positive(arg, value);
                        case "--terminal-timeout" -> terminalTimeout = positive(arg, value);
                        case "--p99-limit-ms" -> p99Limit = positive(arg, value);
                        case "--idle" -> idle = nonNegative(arg, value);
                        case "--hop-samples" -> hopSamples = nonNegative(arg, value);
                        case "--wait-quiet" -> waitQuiet = nonNegative(arg, value);
                        case "--output" -> output = Path.of(value);
                        case "--repo-root" -> repoRoot = Path.of(value);
                        case "--order-url" -> orderUrl = URI.create(value);
                        case "--orchestrator-url" -> orchestratorUrl = URI.create(value);
                        case "--inventory-url" -> inventoryUrl = URI.create(value);
                        case "--payment-url" -> paymentUrl = URI.create(value);
                        case "--knee-rate" -> kneeRate = positiveRate(arg, value);
                        case "--overload-seconds" -> overloadSeconds = positive(arg, value);
                        case "--recovery-seconds" -> recoverySeconds = positive(arg, value);
                        case "--outage-rate" -> outageRate = positiveRate(arg, value);
                        case "--outage-seconds" -> outageSeconds = positive(arg, value);
                        case "--outage-service" -> outageService = value;
                        default -> throw new UsageException("unknown option " + arg);
                    }
                }
            }
        }
        if (rates == null) {
            rates = knee ? KNEE_LADDER : List.of(25d, 50d, 100d, 150d);
        }
        if (output == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            output = repoRoot.resolve(".local/bench/bench-" + stamp + ".json");
        }
        if (overload && outage) {
            throw new UsageException("--overload and --outage are separate runs: choose one");
        }
        return new Options(rates, knee, duration, warmup, prime, primeRate, compensationShare, maxInFlight, senders,
                terminalTimeout, p99Limit, idle, idleOnly, hopSamples, waitQuiet, setup, output, repoRoot, orderUrl,
                orchestratorUrl, inventoryUrl, paymentUrl, overload, outage, kneeRate, overloadSeconds, recoverySeconds,
                outageRate, outageSeconds, outageService);
    }

    private static List<Double> parseRates(String value) {
        List<Double> rates = new ArrayList<>();
        for (String part : value.split(",")) {
            rates.add(positiveRate("--rates", part.trim()));
        }
        if (rates.isEmpty()) {
            throw new UsageException("--rates needs at least one rate");
        }
        List<Double> sorted = new ArrayList<>(rates);
        sorted.sort(Double::compare);
        if (!sorted.equals(rates)) {
            throw new UsageException("--rates must be ascending: " + Arrays.toString(rates.toArray()));
        }
        return List.copyOf(rates);
    }

    private static int positive(String name, String value) {
        int n = integer(name, value);
        if (n <= 0) {
            throw new UsageException(name + " must be positive: " + value);
        }
        return n;
    }

    private static int nonNegative(String name, String value) {
        int n = integer(name, value);
        if (n < 0) {
            throw new UsageException(name + " must not be negative: " + value);
        }
        return n;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number: " + value);
        }
    }

    private static double positiveRate(String name, String value) {
        try {
            double rate = Double.parseDouble(value);
            if (!(rate > 0) || rate > 100_000) {
                throw new UsageException(name + " must be a rate between 0 and 100000 per second: " + value);
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a number: " + value);
        }
    }

    private static double share(String value) {
        try {
            double share = Double.parseDouble(value);
            if (share < 0 || share > 1) {
                throw new UsageException("--compensation-share must be between 0 and 1: " + value);
            }
            return share;
        } catch (NumberFormatException e) {
            throw new UsageException("--compensation-share needs a number: " + value);
        }
    }

    /** Bad command line; the message (if any) is printed above the usage. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
