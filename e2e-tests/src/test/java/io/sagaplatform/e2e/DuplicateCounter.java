package io.sagaplatform.e2e;

import java.util.HashMap;
import java.util.Map;

import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.testing.Scrape;

/**
 * How many records the consumers recognised as already applied ({@code saga_dispatch_messages_total} with
 * {@code outcome="DUPLICATE"}), summed over every incarnation of every service: a counter starts again from 0
 * when its process is restarted, so each scrape that goes down banks the last value seen. A process killed
 * between two scrapes loses what it counted since the last one, so the total is a lower bound.
 */
final class DuplicateCounter {

    private final PlatformStack stack;
    private final Shop shop;
    private final Map<String, Double> last = new HashMap<>();
    private final Map<String, Double> banked = new HashMap<>();

    DuplicateCounter(PlatformStack stack, Shop shop) {
        this.stack = stack;
        this.shop = shop;
    }

    /** Scrapes every service once; a service that does not answer is skipped. */
    synchronized void scrape() {
        for (String service : PlatformStack.SERVICES) {
            if (!stack.service(service).alive()) {
                continue;
            }
            String metrics = shop.metricsOrNull(service);
            if (metrics == null) {
                continue;
            }
            double now = duplicates(metrics);
            double before = last.getOrDefault(service, 0.0);
            if (now < before) {
                banked.merge(service, before, Double::sum);
            }
            last.put(service, now);
        }
    }

    /** {@code service} was killed: what its process counted is banked, the next one starts from 0. */
    synchronized void killed(String service) {
        banked.merge(service, last.getOrDefault(service, 0.0), Double::sum);
        last.put(service, 0.0);
    }

    synchronized long total() {
        double sum = 0;
        for (String service : PlatformStack.SERVICES) {
            sum += banked.getOrDefault(service, 0.0) + last.getOrDefault(service, 0.0);
        }
        return Math.round(sum);
    }

    static double duplicates(String prometheus) {
        return Scrape.parse(prometheus).sum("saga_dispatch_messages_total", Map.of("outcome", "DUPLICATE")).orElse(0.0);
    }
}
