package io.sagaplatform.order.application;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.order.ApproveOrder;
import io.sagaplatform.contracts.order.CancelOrder;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.order.OrderCancellationRefused;
import io.sagaplatform.contracts.order.OrderCancelled;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.order.RefuseCancellation;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.messaging.dispatch.DeadLetterException;
import io.sagaplatform.messaging.participant.CommandTable;
import io.sagaplatform.messaging.participant.Reply;
import io.sagaplatform.messaging.participant.SagaParticipant;
import io.sagaplatform.order.domain.IllegalOrderTransition;
import io.sagaplatform.order.domain.Order;
import io.sagaplatform.order.domain.OrderStatus;

/**
 * The place-order saga's last step: approve or reject the order; and the cancel-order saga's: cancel the order, or
 * refuse its cancellation (back to APPROVED, with the reason). Runs inside the dispatcher's inbox transaction, which also
 * writes the reply, so a redelivered command does nothing and is answered again. A decision on a pending order
 * tells the door how long orders take to be decided ({@link Admission#decided}).
 */
@ApplicationScoped
class OrderDecisions implements SagaParticipant {

    private static final Logger LOG = Logger.getLogger(OrderDecisions.class);

    private final EntityManager em;
    private final Clock clock;
    private final Admission admission;

    OrderDecisions(EntityManager em, Clock clock, Admission admission) {
        this.em = em;
        this.clock = clock;
        this.admission = admission;
    }

    @Override
    public String aggregateType() {
        return "order";
    }

    @Override
    public void register(CommandTable commands) {
        commands.on(MessageTypes.APPROVE_ORDER, this::approve)
                .on(MessageTypes.REJECT_ORDER, this::reject)
                .on(MessageTypes.CANCEL_ORDER, this::cancel)
                .on(MessageTypes.REFUSE_CANCELLATION, this::refuseCancellation);
    }

    Reply approve(ApproveOrder command) {
        Order order = load(command.orderId());
        boolean pending = order.status() == OrderStatus.PENDING;
        try {
            order.approve(clock.instant());
        } catch (IllegalOrderTransition e) {
            throw new DeadLetterException(e.getMessage(), e);
        }
        decided(order, pending);
        LOG.infof("Order %s approved", order.id());
        return Reply.about(order.id(), new OrderApproved(order.id()));
    }

    Reply reject(RejectOrder command) {
        Order order = load(command.orderId());
        boolean pending = order.status() == OrderStatus.PENDING;
        try {
            order.reject(command.reason(), clock.instant());
        } catch (IllegalOrderTransition e) {
            throw new DeadLetterException(e.getMessage(), e);
        }
        decided(order, pending);
        LOG.infof("Order %s rejected: %s", order.id(), command.reason());
        return Reply.about(order.id(), new OrderRejected(order.id(), order.rejectionReason().orElse(command.reason())));
    }

    /** CANCELLING → CANCELLED; an order already CANCELLED is answered again. Any other state is dead-lettered. */
    Reply cancel(CancelOrder command) {
        Order order = load(command.orderId());
        boolean already = order.status() == OrderStatus.CANCELLED;
        try {
            order.cancel(clock.instant());
        } catch (IllegalOrderTransition e) {
            throw new DeadLetterException(e.getMessage(), e);
        }
        LOG.infof(already ? "Order %s already cancelled: answered again" : "Order %s cancelled", order.id());
        return Reply.about(order.id(), new OrderCancelled(order.id()));
    }

    /**
     * CANCELLING → APPROVED, the reason recorded; an order APPROVED already (a repeat) keeps the reason it has and
     * is answered with it. A cancelled order cannot be refused any more: dead-lettered.
     */
    Reply refuseCancellation(RefuseCancellation command) {
        Order order = load(command.orderId());
        boolean already = order.status() == OrderStatus.APPROVED;
        try {
            order.refuseCancellation(command.reason());
        } catch (IllegalOrderTransition e) {
            throw new DeadLetterException(e.getMessage(), e);
        }
        String reason = order.cancellationRefusedReason().orElse(command.reason());
        LOG.infof(already ? "Order %s is APPROVED already: cancellation refused, %s" : "Order %s cancellation refused,"
                + " APPROVED again: %s", order.id(), reason);
        return Reply.about(order.id(), new OrderCancellationRefused(order.id(), reason));
    }

    private Order load(UUID orderId) {
        return OrderLock.lock(em, orderId)
                .orElseThrow(() -> new DeadLetterException("Order " + orderId + " does not exist"));
    }

    private void decided(Order order, boolean wasPending) {
        if (wasPending) {
            admission.decided(order.placedAt(), clock.instant());
        }
    }
}
