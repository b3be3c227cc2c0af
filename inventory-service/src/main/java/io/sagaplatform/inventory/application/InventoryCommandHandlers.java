package io.sagaplatform.inventory.application;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.InventoryReply;
import io.sagaplatform.contracts.inventory.InventoryReservationFailed;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.inventory.ReleaseInventory;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.inventory.domain.RefusalReason;
import io.sagaplatform.inventory.domain.Reservation;
import io.sagaplatform.inventory.domain.ReservationLine;
import io.sagaplatform.inventory.domain.ReservationOutcome;
import io.sagaplatform.inventory.domain.StockItem;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.dispatch.MessageHandler;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.outbox.OutgoingMessage;

/**
 * The saga's inventory step and its compensation. Each command is applied and answered on
 * {@code saga.replies} inside the dispatcher's inbox transaction, so a redelivered command changes nothing
 * and gets its first answer again.
 *
 * <p>Every writer locks the order's reservation first, then stock rows one by one in SKU order: two
 * commands touching the same SKUs wait for each other instead of deadlocking, and no other transaction can
 * change a stock row between the availability check and the reservation. Two first commands for one order
 * racing on different consumers both insert its reservation row; the loser fails on the primary key, is
 * retried by the dispatcher and then sees the winner's row.
 */
final class InventoryCommandHandlers {

    /** The aggregate the replies are about: the order's reservation, identified by the order id. */
    private static final String AGGREGATE_TYPE = "reservation";

    private static final Logger LOG = Logger.getLogger(InventoryCommandHandlers.class);

    private InventoryCommandHandlers() {
    }

    private static Optional<Reservation> lockReservation(EntityManager em, UUID orderId) {
        return Optional.ofNullable(em.find(Reservation.class, orderId, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Locks the stock rows of {@code skus} in their (sorted) order; unknown SKUs are simply absent. */
    private static Map<String, StockItem> lockStock(EntityManager em, SortedSet<String> skus) {
        Map<String, StockItem> stock = new TreeMap<>();
        for (String sku : skus) {
            StockItem item = em.find(StockItem.class, sku, LockModeType.PESSIMISTIC_WRITE);
            if (item != null) {
                stock.put(sku, item);
            }
        }
        return stock;
    }

    @ApplicationScoped
    static class Reserve implements MessageHandler<ReserveInventory> {
        private final EntityManager em;
        private final Outbox outbox;
        private final Clock clock;

        Reserve(EntityManager em, Outbox outbox, Clock clock) {
            this.em = em;
            this.outbox = outbox;
            this.clock = clock;
        }

        @Override
        public MessageType<ReserveInventory> type() {
            return MessageTypes.RESERVE_INVENTORY;
        }

        @Override
        public void handle(ReserveInventory command, Envelope envelope) {
            UUID orderId = command.orderId();
            Optional<Reservation> existing = lockReservation(em, orderId);
            ReservationOutcome outcome = existing.map(Reservation::reserveAgain).orElseGet(() -> reserve(command));
            InventoryReply reply;
            if (outcome instanceof ReservationOutcome.Refused refused) {
                reply = new InventoryReservationFailed(orderId, onTheWire(refused.reason()), refused.detail());
                LOG.infof("Reservation for order %s refused, %s: %s", orderId, refused.reason(), refused.detail());
            } else {
                reply = new InventoryReserved(orderId);
                if (existing.isPresent()) {
                    LOG.infof("Order %s already holds its reservation; not reserved again", orderId);
                }
            }
            outbox.append(OutgoingMessage.replyTo(envelope, AGGREGATE_TYPE, orderId.toString(), reply));
        }

        private ReservationOutcome reserve(ReserveInventory command) {
            var requested = command.lines().stream().map(l -> new ReservationLine(l.sku(), l.quantity())).toList();
            ReservationOutcome outcome = Reservation.reserve(command.orderId(), requested,
                    lockStock(em, Reservation.skus(requested)), clock.instant());
            if (outcome instanceof ReservationOutcome.Reserved reserved) {
                em.persist(reserved.reservation());
                LOG.infof("Order %s reserved %s", command.orderId(), describe(reserved.reservation()));
            }
            return outcome;
        }

        private static InventoryFailureReason onTheWire(RefusalReason reason) {
            return switch (reason) {
                case UNKNOWN_SKU -> InventoryFailureReason.UNKNOWN_SKU;
                case OUT_OF_STOCK -> InventoryFailureReason.OUT_OF_STOCK;
                case ORDER_CANCELLED -> InventoryFailureReason.ORDER_CANCELLED;
            };
        }
    }

    @ApplicationScoped
    static class Release implements MessageHandler<ReleaseInventory> {
        private final EntityManager em;
        private final Outbox outbox;
        private final Clock clock;

        Release(EntityManager em, Outbox outbox, Clock clock) {
            this.em = em;
            this.outbox = outbox;
            this.clock = clock;
        }

        @Override
        public MessageType<ReleaseInventory> type() {
            return MessageTypes.RELEASE_INVENTORY;
        }

        @Override
        public void handle(ReleaseInventory command, Envelope envelope) {
            UUID orderId = command.orderId();
            Optional<Reservation> existing = lockReservation(em, orderId);
            boolean undone;
            if (existing.isEmpty()) {
                em.persist(Reservation.cancelledBeforeReserving(orderId, clock.instant()));
                undone = false;
                LOG.infof("Order %s released before any reservation: cancelled, a late reservation will be refused",
                        orderId);
            } else {
                Reservation reservation = existing.get();
                undone = reservation.release(lockStock(em, reservation.skus()), clock.instant());
                if (undone) {
                    LOG.infof("Order %s released %s", orderId, describe(reservation));
                } else {
                    LOG.infof("Order %s is already %s: nothing to release", orderId, reservation.status());
                }
            }
            outbox.append(OutgoingMessage.replyTo(envelope, AGGREGATE_TYPE, orderId.toString(),
                    new InventoryReleased(orderId, !undone)));
        }
    }

    private static String describe(Reservation reservation) {
        StringBuilder text = new StringBuilder();
        reservation.lines().forEach(line -> text.append(text.length() == 0 ? "" : ", ")
                .append(line.quantity()).append(" x ").append(line.sku()));
        return text.toString();
    }
}
