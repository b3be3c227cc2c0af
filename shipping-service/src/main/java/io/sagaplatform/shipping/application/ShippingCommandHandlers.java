package io.sagaplatform.shipping.application;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.shipping.CancelShipment;
import io.sagaplatform.contracts.shipping.ScheduleShipment;
import io.sagaplatform.contracts.shipping.ShipmentCancelled;
import io.sagaplatform.contracts.shipping.ShipmentScheduled;
import io.sagaplatform.contracts.shipping.ShipmentSchedulingFailed;
import io.sagaplatform.contracts.shipping.ShippingFailureReason;
import io.sagaplatform.contracts.shipping.ShippingReply;
import io.sagaplatform.messaging.dispatch.DeadLetterException;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.dispatch.MessageHandler;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.outbox.OutgoingMessage;
import io.sagaplatform.shipping.domain.CancellationOutcome;
import io.sagaplatform.shipping.domain.DeliveryAddress;
import io.sagaplatform.shipping.domain.SchedulingOutcome;
import io.sagaplatform.shipping.domain.SchedulingRefusal;
import io.sagaplatform.shipping.domain.ShipmentLine;
import io.sagaplatform.shipping.domain.ShipmentScheduler;

/**
 * The saga's shipping step and its compensation. Each runs inside the dispatcher's inbox transaction and writes
 * its reply to the outbox in that transaction, so a redelivered command changes nothing and is answered again
 * with the first outcome. Business refusals are replies; only a command no rule could ever apply is
 * dead-lettered.
 */
final class ShippingCommandHandlers {

    private static final String AGGREGATE_TYPE = "shipment";

    private static final Logger LOG = Logger.getLogger(ShippingCommandHandlers.class);

    private ShippingCommandHandlers() {
    }

    @ApplicationScoped
    static class Schedule implements MessageHandler<ScheduleShipment> {
        private final ShipmentScheduler scheduler;
        private final Outbox outbox;
        private final Clock clock;

        Schedule(ShipmentScheduler scheduler, Outbox outbox, Clock clock) {
            this.scheduler = scheduler;
            this.outbox = outbox;
            this.clock = clock;
        }

        @Override
        public MessageType<ScheduleShipment> type() {
            return MessageTypes.SCHEDULE_SHIPMENT;
        }

        @Override
        public void handle(ScheduleShipment command, Envelope envelope) {
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
            outbox.append(OutgoingMessage.replyTo(envelope, AGGREGATE_TYPE, command.orderId().toString(), reply));
            LOG.info(outcome.map(
                    scheduled -> (scheduled.repeated() ? "Shipment %s of order %s was already scheduled: answered again"
                            : "Shipment %s of order %s scheduled").formatted(
                                    scheduled.shipmentId(), command.orderId()),
                    refused -> "Shipment of order %s refused, %s: %s".formatted(command.orderId(), refused.reason(),
                            refused.detail())));
        }

        private static ShippingFailureReason wire(SchedulingRefusal reason) {
            return switch (reason) {
                case UNSERVICEABLE_DESTINATION -> ShippingFailureReason.UNSERVICEABLE_DESTINATION;
                case ORDER_CANCELLED -> ShippingFailureReason.ORDER_CANCELLED;
            };
        }
    }

    @ApplicationScoped
    static class Cancel implements MessageHandler<CancelShipment> {
        private final ShipmentScheduler scheduler;
        private final Outbox outbox;
        private final Clock clock;

        Cancel(ShipmentScheduler scheduler, Outbox outbox, Clock clock) {
            this.scheduler = scheduler;
            this.outbox = outbox;
            this.clock = clock;
        }

        @Override
        public MessageType<CancelShipment> type() {
            return MessageTypes.CANCEL_SHIPMENT;
        }

        @Override
        public void handle(CancelShipment command, Envelope envelope) {
            CancellationOutcome outcome = scheduler.cancel(command.orderId(), clock.instant());
            outbox.append(OutgoingMessage.replyTo(envelope, AGGREGATE_TYPE, command.orderId().toString(),
                    new ShipmentCancelled(command.orderId(), outcome.nothingToUndo())));
            LOG.infof("Shipment of order %s: %s", command.orderId(), switch (outcome) {
                case CANCELLED -> "cancelled";
                case ALREADY_CANCELLED -> "already cancelled, nothing to undo";
                case RECORDED_BEFORE_SCHEDULING -> "cancelled before it was scheduled; a late scheduling will be refused";
            });
        }
    }
}
