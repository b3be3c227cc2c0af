package io.sagaplatform.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import org.awaitility.Awaitility;

import io.sagaplatform.testing.PlatformStack;

/**
 * Injects one fault into a running {@link PlatformStack} with its own broker process, then heals what a real
 * deployment's supervisor would heal (restarts the killed process) and waits until the stack is healthy again.
 */
final class FaultInjector {

    /** Every kind of fault, by its name in the summary line. */
    enum Kind {
        KILL_SERVICE("kill-service"),
        KILL_BROKER("kill-broker"),
        PG_RESTART("pg-restart"),
        WALSENDER("walsender"),
        REDELIVER_DUPLICATE("redeliver-dup"),
        REDELIVER_OUT_OF_ORDER("redeliver-ooo");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** What was done, to what, and when it started. */
    record Injected(Kind kind, String target, Instant at, String detail) {
    }

    private static final Duration HEAL = Duration.ofMinutes(3);

    private final PlatformStack stack;
    private final Redelivery redelivery;
    private final DuplicateCounter duplicates;

    FaultInjector(PlatformStack stack, Redelivery redelivery, DuplicateCounter duplicates) {
        this.stack = stack;
        this.redelivery = redelivery;
        this.duplicates = duplicates;
    }

    /** Injects {@code kind} (targets picked with {@code random}), heals, and waits until every part is ready. */
    Injected inject(Kind kind, Random random) {
        Instant at = Instant.now();
        Injected injected = switch (kind) {
            case KILL_SERVICE -> {
                String service = pick(random, PlatformStack.SERVICES);
                duplicates.scrape();
                stack.service(service).kill();
                duplicates.killed(service);
                stack.service(service).start().awaitReady(HEAL);
                yield new Injected(kind, service, at, "SIGKILL, restarted");
            }
            case KILL_BROKER -> {
                stack.broker().kill();
                stack.broker().start();
                yield new Injected(kind, "kafka", at, "SIGKILL, restarted on the same data and port");
            }
            case PG_RESTART -> {
                stack.postgres().restart();
                yield new Injected(kind, "postgresql", at, "pg_ctl restart -m fast");
            }
            case WALSENDER -> {
                String service = pick(random, PlatformStack.SERVICES);
                String slot = stack.database(service).name() + "_outbox";
                OptionalInt pid = stack.postgres().terminateWalSender(slot);
                Awaitility.await("slot " + slot + " streamed again").atMost(HEAL).pollInterval(Duration.ofMillis(250))
                        .until(() -> stack.postgres().slotActive(slot));
                yield new Injected(kind, service, at, pid.isPresent()
                        ? "pg_terminate_backend(" + pid.getAsInt() + ") on " + slot
                        : "no walsender was streaming " + slot);
            }
            case REDELIVER_DUPLICATE -> {
                Redelivery.Sent sent = redelivery.duplicate(random, 25);
                yield new Injected(kind, "kafka", at, sent.detail());
            }
            case REDELIVER_OUT_OF_ORDER -> {
                Redelivery.Sent sent = redelivery.outOfOrder(random, 10);
                yield new Injected(kind, "kafka", at, sent.detail());
            }
        };
        awaitHealthy();
        return injected;
    }

    /** Broker answering, every service ready (database, Kafka and relay). */
    void awaitHealthy() {
        stack.broker().awaitReady(HEAL);
        for (String service : PlatformStack.SERVICES) {
            stack.service(service).awaitReady(HEAL);
        }
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
