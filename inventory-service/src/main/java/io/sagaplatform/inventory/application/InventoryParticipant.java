package io.sagaplatform.inventory.application;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.InventoryReply;
import io.sagaplatform.contracts.inventory.InventoryReservationFailed;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.inventory.InventoryRestocked;
import io.sagaplatform.contracts.inventory.ReleaseInventory;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.contracts.inventory.RestockInventory;
import io.sagaplatform.inventory.domain.RefusalReason;
import io.sagaplatform.inventory.domain.Reservation;
import io.sagaplatform.inventory.domain.ReservationLine;
import io.sagaplatform.inventory.domain.ReservationOutcome;
import io.sagaplatform.inventory.domain.StockItem;
import io.sagaplatform.messaging.dispatch.DeadLetterException;
import io.sagaplatform.messaging.participant.CommandTable;
import io.sagaplatform.messaging.participant.Reply;
import io.sagaplatform.messaging.participant.SagaParticipant;

/**
 * The place-order saga's inventory step and its compensation, and the cancel-order saga's restock. Each command is applied inside the dispatcher's inbox
 * transaction and its reply written to the outbox in that transaction, so a redelivered command changes nothing
 * and gets its first answer again.
 *
 * <p>Every writer locks the order's reservation first, then stock rows one by one in SKU order: two
 * commands touching the same SKUs wait for each other instead of deadlocking, and no other transaction can
 * change a stock row between the availability check and the reservation. Two first commands for one order
 * racing on different consumers both insert its reservation row; the loser fails on the primary key, is
 * retried by the dispatcher and then sees the winner's row.
 */
@ApplicationScoped
class InventoryParticipant implements SagaParticipant {

    private static final Logger LOG = Logger.getLogger(InventoryParticipant.class);

    private final EntityManager em;
    private final Clock clock;

    InventoryParticipant(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** The aggregate the replies are about: the order's reservation, identified by the order id. */
    @Override
    public String aggregateType() {
        return "reservation";
    }

    @Override
    public void register(CommandTable commands) {
        commands.on(MessageTypes.RESERVE_INVENTORY, this::reserve)
                .on(MessageTypes.RELEASE_INVENTORY, this::release)
                .on(MessageTypes.RESTOCK_INVENTORY, this::restock);
    }

    Reply reserve(ReserveInventory command) {
        UUID orderId = command.orderId();
        Optional<Reservation> existing = lockReservation(orderId);
        ReservationOutcome outcome = existing.map(Reservation::reserveAgain).orElseGet(() -> reserveFirst(command));
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
        return Reply.about(orderId, reply);
    }

    Reply release(ReleaseInventory command) {
        UUID orderId = command.orderId();
        Optional<Reservation> existing = lockReservation(orderId);
        boolean undone;
        if (existing.isEmpty()) {
            em.persist(Reservation.cancelledBeforeReserving(orderId, clock.instant()));
            undone = false;
            LOG.infof("Order %s released before any reservation: cancelled, a late reservation will be refused",
                    orderId);
        } else {
            Reservation reservation = existing.get();
            undone = reservation.release(lockStock(reservation.skus()), clock.instant());
            if (undone) {
                LOG.infof("Order %s released %s", orderId, describe(reservation));
            } else {
                LOG.infof("Order %s is already %s: nothing to release", orderId, reservation.status());
            }
        }
        return Reply.about(orderId, new InventoryReleased(orderId, !undone));
    }

    /**
     * Puts a cancelled order's stock back to available, at most once; a repeat answers again and moves nothing. An
     * order that holds no stock (never reserved, or released) is dead-lettered: restocking it would create stock.
     */
    Reply restock(RestockInventory command) {
        UUID orderId = command.orderId();
        Reservation reservation = lockReservation(orderId).orElseThrow(() -> new DeadLetterException(
                "Order " + orderId + " has no reservation to restock"));
        boolean restocked;
        try {
            restocked = reservation.restock(lockStock(reservation.skus()), clock.instant());
        } catch (IllegalStateException e) {
            throw new DeadLetterException(e.getMessage(), e);
        }
        if (restocked) {
            LOG.infof("Order %s cancelled: restocked %s", orderId, describe(reservation));
        } else {
            LOG.infof("Order %s was restocked already: answered again, nothing moved", orderId);
        }
        return Reply.about(orderId, new InventoryRestocked(orderId));
    }

    private ReservationOutcome reserveFirst(ReserveInventory command) {
        var requested = command.lines().stream().map(l -> new ReservationLine(l.sku(), l.quantity())).toList();
        ReservationOutcome outcome = Reservation.reserve(command.orderId(), requested,
                lockStock(Reservation.skus(requested)), clock.instant());
        if (outcome instanceof ReservationOutcome.Reserved reserved) {
            em.persist(reserved.reservation());
            LOG.infof("Order %s reserved %s", command.orderId(), describe(reserved.reservation()));
        }
        return outcome;
    }

    /**
     * {@code SELECT … FOR UPDATE} on the order's reservation row, then the reservation read as it is once the lock is
     * held. Not {@code em.find(…, PESSIMISTIC_WRITE)}: Hibernate locks an entity with an element collection (its
     * lines) by a follow-on query that fails with a NullPointerException when the row changed while it waited.
     */
    private Optional<Reservation> lockReservation(UUID orderId) {
        List<?> locked = em.createNativeQuery("SELECT order_id FROM reservations WHERE order_id = ?1 FOR UPDATE")
                .setParameter(1, orderId)
                .getResultList();
        return locked.isEmpty() ? Optional.empty() : Optional.ofNullable(em.find(Reservation.class, orderId));
    }

    /** Locks the stock rows of {@code skus} in their (sorted) order; unknown SKUs are simply absent. */
    private Map<String, StockItem> lockStock(SortedSet<String> skus) {
        Map<String, StockItem> stock = new TreeMap<>();
        for (String sku : skus) {
            StockItem item = em.find(StockItem.class, sku, LockModeType.PESSIMISTIC_WRITE);
            if (item != null) {
                stock.put(sku, item);
            }
        }
        return stock;
    }

    private static InventoryFailureReason onTheWire(RefusalReason reason) {
        return switch (reason) {
            case UNKNOWN_SKU -> InventoryFailureReason.UNKNOWN_SKU;
            case OUT_OF_STOCK -> InventoryFailureReason.OUT_OF_STOCK;
            case ORDER_CANCELLED -> InventoryFailureReason.ORDER_CANCELLED;
        };
    }

    private static String describe(Reservation reservation) {
        StringBuilder text = new StringBuilder();
        reservation.lines().forEach(line -> text.append(text.length() == 0 ? "" : ", ")
                .append(line.quantity()).append(" x ").append(line.sku()));
        return text.toString();
    }
}
