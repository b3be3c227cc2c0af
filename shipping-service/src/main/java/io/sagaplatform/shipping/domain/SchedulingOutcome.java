package io.sagaplatform.shipping.domain;

import java.util.UUID;
import java.util.function.Function;

/**
 * What a scheduling request came to: the order's shipment, or a refusal with its reason. {@link #map} makes the
 * caller handle both, so a new outcome cannot be forgotten by a handler.
 */
public sealed interface SchedulingOutcome permits SchedulingOutcome.Scheduled, SchedulingOutcome.Refused {

    <R> R map(Function<Scheduled, R> whenScheduled, Function<Refused, R> whenRefused);

    /**
     * The order's shipment is scheduled. {@code repeated} when it already was, by an earlier request: the same
     * shipment is answered and nothing more is scheduled.
     */
    record Scheduled(Shipment shipment, boolean repeated) implements SchedulingOutcome {

        /** A scheduled shipment always has its id; only a cancellation marker has none. */
        public UUID shipmentId() {
            return shipment.shipmentId().orElseThrow();
        }

        @Override
        public <R> R map(Function<Scheduled, R> whenScheduled, Function<Refused, R> whenRefused) {
            return whenScheduled.apply(this);
        }
    }

    /** Nothing was scheduled; {@code detail} says why in words a person reads (it names the culprit). */
    record Refused(SchedulingRefusal reason, String detail) implements SchedulingOutcome {

        @Override
        public <R> R map(Function<Scheduled, R> whenScheduled, Function<Refused, R> whenRefused) {
            return whenRefused.apply(this);
        }
    }
}
