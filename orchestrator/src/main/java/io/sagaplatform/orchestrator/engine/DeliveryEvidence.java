package io.sagaplatform.orchestrator.engine;

/**
 * What the engine asks before it sends a timed-out command again. A command that waits in the participant's
 * queue is not lost — sending it again only adds work behind it, and under a backlog every step would time
 * out and be resent (a resend storm). So a reply timeout leads to a resend only when there is evidence that the
 * participant took the command and no reply came, and only while the resend budget allows.
 */
public interface DeliveryEvidence {

    /** Where a sent command stands with its participant. */
    enum Delivery {
        /** Not yet consumed (the participant's consumer has not passed it, or the participant is down). */
        QUEUED,
        /**
         * Consumed, but replies to this saga wait unread in the orchestrator's own inbound queue: the answer may be
         * one of them.
         */
        REPLY_QUEUED,
        /** Consumed (or nothing is known that says otherwise): no reply came, so it may be sent again. */
        CONSUMED
    }

    /** Where the command with this message id, sent to {@code topic} under the saga's key, stands. */
    Delivery delivery(String topic, String messageId);

    /** Takes one resend from the budget; {@code false} when resends are spent for now. */
    boolean takeResend();

    /** No evidence at all: every timeout resends (what a test of the timeout rules alone wants). */
    DeliveryEvidence NONE = new DeliveryEvidence() {
        @Override
        public Delivery delivery(String topic, String messageId) {
            return Delivery.CONSUMED;
        }

        @Override
        public boolean takeResend() {
            return true;
        }
    };
}
