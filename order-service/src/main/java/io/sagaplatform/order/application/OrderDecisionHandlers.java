package io.sagaplatform.order.application;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.order.ApproveOrder;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.messaging.dispatch.DeadLetterException;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.dispatch.MessageHandler;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.outbox.OutgoingMessage;
import io.sagaplatform.order.domain.IllegalOrderTransition;
import io.sagaplatform.order.domain.Order;
import io.sagaplatform.order.domain.OrderStatus;

/**
 * The saga's last step: approve or reject the order, and reply on {@code saga.replies} in the same
 * transaction. Runs inside the dispatcher's inbox transaction, so a redelivered command does nothing.
 */
final class OrderDecisionHandlers {

    private static final Logger LOG = Logger.getLogger(OrderDecisionHandlers.class);

    private OrderDecisionHandlers() {
    }

    static Order load(EntityManager em, UUID orderId, Envelope envelope) {
        Order order = em.find(Order.class, orderId, LockModeType.PESSIMISTIC_WRITE);
        if (order == null) {
            throw new DeadLetterException("Order " + orderId + " does not exist (" + envelope.type() + " "
                    + envelope.id() + ")");
        }
        return order;
    }

    @ApplicationScoped
    static class Approve implements MessageHandler<ApproveOrder> {
        private final EntityManager em;
        private final Outbox outbox;
        private final Clock clock;
        private final Admission admission;

        Approve(EntityManager em, Outbox outbox, Clock clock, Admission admission) {
            this.em = em;
            this.outbox = outbox;
            this.clock = clock;
            this.admission = admission;
        }

        @Override
        public MessageType<ApproveOrder> type() {
            return MessageTypes.APPROVE_ORDER;
        }

        @Override
        public void handle(ApproveOrder command, Envelope envelope) {
            Order order = load(em, command.orderId(), envelope);
            boolean pending = order.status() == OrderStatus.PENDING;
            try {
                order.approve(clock.instant());
            } catch (IllegalOrderTransition e) {
                throw new DeadLetterException(e.getMessage(), e);
            }
            outbox.append(OutgoingMessage.replyTo(envelope, "order", order.id().toString(),
                    new OrderApproved(order.id())));
            if (pending) {
                admission.decided(order.placedAt(), clock.instant());
            }
            LOG.infof("Order %s approved", order.id());
        }
    }

    @ApplicationScoped
    static class Reject implements MessageHandler<RejectOrder> {
        private final EntityManager em;
        private final Outbox outbox;
        private final Clock clock;
        private final Admission admission;

        Reject(EntityManager em, Outbox outbox, Clock clock, Admission admission) {
            this.em = em;
            this.outbox = outbox;
            this.clock = clock;
            this.admission = admission;
        }

        @Override
        public MessageType<RejectOrder> type() {
            return MessageTypes.REJECT_ORDER;
        }

        @Override
        public void handle(RejectOrder command, Envelope envelope) {
            Order order = load(em, command.orderId(), envelope);
            boolean pending = order.status() == OrderStatus.PENDING;
            try {
                order.reject(command.reason(), clock.instant());
            } catch (IllegalOrderTransition e) {
                throw new DeadLetterException(e.getMessage(), e);
            }
            outbox.append(OutgoingMessage.replyTo(envelope, "order", order.id().toString(),
                    new OrderRejected(order.id(), order.rejectionReason().orElse(command.reason()))));
            if (pending) {
                admission.decided(order.placedAt(), clock.instant());
            }
            LOG.infof("Order %s rejected: %s", order.id(), command.reason());
        }
    }
}
