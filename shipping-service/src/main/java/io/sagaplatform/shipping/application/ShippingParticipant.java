package io.sagaplatform.shipping.application;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.shipping.CancelShipment;
import io.sagaplatform.contracts.shipping.ScheduleShipment;
import io.sagaplatform.contracts.shipping.ShipmentCancelled;
import io.sagaplatform.contracts.shipping.ShipmentScheduled;
import io.sagaplatform.contracts.shipping.ShipmentSchedulingFailed;
import io.sagaplatform.contracts.shipping.ShipmentWithdrawalRefused;
import io.sagaplatform.contracts.shipping.ShipmentWithdrawn;
import io.sagaplatform.contracts.shipping.ShippingFailureReason;
import io.sagaplatform.contracts.shipping.ShippingReply;
import io.sagaplatform.contracts.shipping.WithdrawShipment;
import io.sagaplatform.contracts.shipping.WithdrawalRefusalReason;
import io.sagaplatform.messaging.dispatch.DeadLetterException;
import io.sagaplatform.messaging.participant.CommandTable;
import io.sagaplatform.messaging.participant.Reply;
import io.sagaplatform.messaging.participant.SagaParticipant;
import io.sagaplatform.shipping.domain.CancellationOutcome;
import io.sagaplatform.shipping.domain.DeliveryAddress;
import io.sagaplatform.shipping.domain.SchedulingOutcome;
import io.sagaplatform.shipping.domain.SchedulingRefusal;
import io.sagaplatform.shipping.domain.ShipmentAlreadyDispatched;
import io.sagaplatform.shipping.domain.ShipmentLine;
import io.sagaplatform.shipping.domain.ShipmentScheduler;
import io.sagaplatform.shipping.domain.WithdrawalOutcome;

/**
 * The place-order saga's shipping step and its compensation, and the cancel-order saga's withdrawal. Each handler runs inside the dispatcher's inbox transaction and
 * its reply is written to the outbox in that transaction, so a redelivered command changes nothing and is answered
 * again with the first outcome. Business refusals are replies; only a command no rule could ever apply is
 * dead-lettered.
 */
@ApplicationScoped
class ShippingParticipant implements SagaParticipant {

    private static final Logger LOG = Logger.getLogger(ShippingParticipant.class);

    private final ShipmentScheduler scheduler;
    private final Clock clock;

    ShippingParticipant(ShipmentScheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public String aggregateType() {
        return "shipment";
    }

    @Override
    public void register(CommandTable commands) {
        commands.on(MessageTypes.SCHEDULE_SHIPMENT, this::schedule)
                .on(MessageTypes.CANCEL_SHIPMENT, this::cancel)
                .on(MessageTypes.WITHDRAW_SHIPMENT, this::withdraw);
    }

    Reply schedule(ScheduleShipment command) {
        DeliveryAddress address;
        List<ShipmentLine> lines;
        try {
            var to = command.address();
            address = new DeliveryAddress(to.recipient(), to.street(), to.city(), to.postalCode(), to.country());
            lines = command.lines().stream().map(l -> new ShipmentLine(l.sku(), l.quantity())).toList();
        } catch (IllegalArgumentException e) {
            // the schema let it through, but no rule could ever schedule it (a blank recipient, say)
            throw new DeadLetterException("ScheduleShipment for order " + command.orderId() + " cannot be applied: "
                    + e.getMessage(), e);
        }
        SchedulingOutcome outcome = scheduler.schedule(command.orderId(), address, lines, clock.instant());
        ShippingReply reply = outcome.map(
                scheduled -> new ShipmentScheduled(command.orderId(), scheduled.shipmentId()),
                refused -> new ShipmentSchedulingFailed(command.orderId(), wire(refused.reason()), refused.detail()));
        LOG.info(outcome.map(
                scheduled -> (scheduled.repeated() ? "Shipment %s of order %s was already scheduled: answered again"
                        : "Shipment %s of order %s scheduled").formatted(scheduled.shipmentId(), command.orderId()),
                refused -> "Shipment of order %s refused, %s: %s".formatted(command.orderId(), refused.reason(),
                        refused.detail())));
        return Reply.about(command.orderId(), reply);
    }

    Reply cancel(CancelShipment command) {
        CancellationOutcome outcome;
        try {
            outcome = scheduler.cancel(command.orderId(), clock.instant());
        } catch (ShipmentAlreadyDispatched e) {
            // the goods are gone: answering "cancelled" would be a lie, so an operator decides
            throw new DeadLetterException(e.getMessage(), e);
        }
        LOG.infof("Shipment of order %s: %s", command.orderId(), switch (outcome) {
            case CANCELLED -> "cancelled";
            case ALREADY_CANCELLED -> "already cancelled, nothing to undo";
            case RECORDED_BEFORE_SCHEDULING -> "cancelled before it was scheduled; a late scheduling will be refused";
        });
        return Reply.about(command.orderId(), new ShipmentCancelled(command.orderId(), outcome.nothingToUndo()));
    }

    /** Refused once the shipment left; a withdrawn or cancelled shipment is answered as withdrawn, changing nothing. */
    Reply withdraw(WithdrawShipment command) {
        WithdrawalOutcome outcome = scheduler.withdraw(command.orderId(), clock.instant());
        ShippingReply reply = switch (outcome) {
            case WITHDRAWN, ALREADY_STOPPED -> new ShipmentWithdrawn(command.orderId());
            case REFUSED_ALREADY_DISPATCHED -> new ShipmentWithdrawalRefused(command.orderId(),
                    WithdrawalRefusalReason.ALREADY_DISPATCHED, "The shipment of order " + command.orderId()
                            + " already left the warehouse");
            case REFUSED_UNKNOWN_SHIPMENT -> new ShipmentWithdrawalRefused(command.orderId(),
                    WithdrawalRefusalReason.UNKNOWN_SHIPMENT, "No shipment for order " + command.orderId());
        };
        LOG.infof("Shipment of order %s: %s", command.orderId(), switch (outcome) {
            case WITHDRAWN -> "withdrawn";
            case ALREADY_STOPPED -> "already withdrawn or cancelled, answered as withdrawn";
            case REFUSED_ALREADY_DISPATCHED -> "withdrawal refused, ALREADY_DISPATCHED";
            case REFUSED_UNKNOWN_SHIPMENT -> "withdrawal refused, UNKNOWN_SHIPMENT";
        });
        return Reply.about(command.orderId(), reply);
    }

    private static ShippingFailureReason wire(SchedulingRefusal reason) {
        return switch (reason) {
            case UNSERVICEABLE_DESTINATION -> ShippingFailureReason.UNSERVICEABLE_DESTINATION;
            case ORDER_CANCELLED -> ShippingFailureReason.ORDER_CANCELLED;
        };
    }
}
