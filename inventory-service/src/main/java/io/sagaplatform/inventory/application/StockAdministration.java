package io.sagaplatform.inventory.application;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.sagaplatform.inventory.domain.Reservation;
import io.sagaplatform.inventory.domain.StockItem;

/**
 * What operators do and see: set how much of a SKU is available (the only way its total changes), list
 * stock, inspect an order's reservation.
 */
@ApplicationScoped
public class StockAdministration {

    private static final Logger LOG = Logger.getLogger(StockAdministration.class);

    private final EntityManager em;

    StockAdministration(EntityManager em) {
        this.em = em;
    }

    /**
     * Sets what is available of {@code sku}, registering the SKU when it is new. Registration is an
     * {@code INSERT … ON CONFLICT DO NOTHING}, so two operators adding the same SKU at once cannot collide;
     * the row is then locked like any saga command locks it, and the domain applies the change.
     */
    @Transactional
    public StockChange setAvailable(String sku, long available) {
        boolean created = em.createNativeQuery("""
                INSERT INTO stock_items (sku, available, reserved, version) VALUES (?1, 0, 0, 0)
                ON CONFLICT (sku) DO NOTHING""")
                .setParameter(1, sku)
                .executeUpdate() == 1;
        StockItem item = em.find(StockItem.class, sku, LockModeType.PESSIMISTIC_WRITE);
        long before = item.available();
        item.setAvailable(available);
        LOG.infof("Stock of %s set by an operator%s: available %d -> %d, reserved %d, total %d", sku,
                created ? " (new SKU)" : "", before, item.available(), item.reserved(), item.total());
        return new StockChange(item, created);
    }

    /** Up to {@code limit} SKUs after the first {@code offset} (by SKU): one range of the primary-key index. */
    @Transactional
    public List<StockItem> page(int offset, int limit) {
        return em.createQuery("FROM StockItem s ORDER BY s.sku", StockItem.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Transactional
    public Optional<StockItem> find(String sku) {
        return Optional.ofNullable(em.find(StockItem.class, sku));
    }

    @Transactional
    public Optional<Reservation> reservation(UUID orderId) {
        return Optional.ofNullable(em.find(Reservation.class, orderId));
    }
}
