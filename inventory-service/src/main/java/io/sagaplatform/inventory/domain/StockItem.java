package io.sagaplatform.inventory.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The stock of one SKU, split into what can still be reserved ({@code available}) and what orders hold
 * ({@code reserved}). Reserving and releasing only move quantities between the two, so the
 * {@linkplain #total() total} changes only when an operator {@linkplain #setAvailable(long) sets} what is
 * available — that is the conservation invariant the saga must never break.
 */
@Entity
@Table(name = "stock_items")
public class StockItem {

    /** The most an operator may declare available for one SKU. */
    public static final long MAX_AVAILABLE = 1_000_000_000L;

    @Id
    private String sku;

    @Column(nullable = false)
    private long available;

    @Column(nullable = false)
    private long reserved;

    @Version
    private long version;

    protected StockItem() {
    }

    /**
     * A SKU with {@code available} units and nothing reserved. Production rows are registered by the
     * administration use case (race-free with SQL); the domain tests build their stock with this.
     */
    static StockItem stocked(String sku, long available) {
        StockItem item = new StockItem();
        item.sku = sku;
        item.setAvailable(available);
        return item;
    }

    /** Moves {@code quantity} from available to reserved. */
    void reserve(long quantity) {
        requirePositive(quantity);
        if (quantity > available) {
            throw new IllegalStateException("Cannot reserve " + quantity + " of " + sku + ": only " + available
                    + " available");
        }
        available -= quantity;
        reserved += quantity;
    }

    /** Moves {@code quantity} from reserved back to available. */
    void release(long quantity) {
        requirePositive(quantity);
        if (quantity > reserved) {
            throw new IllegalStateException("Cannot release " + quantity + " of " + sku + ": only " + reserved
                    + " reserved");
        }
        reserved -= quantity;
        available += quantity;
    }

    /**
     * The operator's stock count: what is reserved stays reserved, so the total becomes {@code available}
     * plus what orders hold.
     */
    public void setAvailable(long available) {
        if (available < 0 || available > MAX_AVAILABLE) {
            throw new IllegalArgumentException("available must be between 0 and " + MAX_AVAILABLE + ", was "
                    + available);
        }
        this.available = available;
    }

    private static void requirePositive(long quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
    }

    public String sku() {
        return sku;
    }

    public long available() {
        return available;
    }

    public long reserved() {
        return reserved;
    }

    public long total() {
        return available + reserved;
    }
}
