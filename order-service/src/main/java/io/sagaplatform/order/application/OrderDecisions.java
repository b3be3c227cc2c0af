package io.sagaplatform.order.application;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.order.ApproveOrder;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.messaging.dispatch.DeadLetterException;
import io.sagaplatform.messaging.participant.CommandTable;
import io.sagaplatform.messaging.participant.Reply;
import io.sagaplatform.messaging.participant.SagaParticipant;
import io.sagaplatform.order.domain.IllegalOrderTransition;
import io.sagaplatform.order.domain.Order;
import io.sagaplatform.order.domain.OrderStatus;

/**
 * The saga's last step: approve or reject the order. Runs inside the dispatcher's inbox transaction, which also
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
                .on(MessageTypes.REJECT_ORDER, this::reject);
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

    private Order load(UUID orderId) {
        Order order = em.find(Order.class, orderId, LockModeType.PESSIMISTIC_WRITE);
        if (order == null) {
            throw new DeadLetterException("Order " + orderId + " does not exist");
        }
        return order;
    }

    private void decided(Order order, boolean wasPending) {
        if (wasPending) {
            admission.decided(order.placedAt(), clock.instant());
        }
    }
}
