package io.sagaplatform.payment.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A customer's credit line: a limit in one currency and how much of it is held by open and captured
 * authorizations. {@code held} only moves through {@link Authorization}, so that it always equals the sum
 * of the amounts they hold; {@code 0 <= held <= creditLimit} is checked here on every change (and again by
 * the database).
 */
@Entity
@Table(name = "customers")
public class Customer {

    @Id
    @Column(name = "customer_id")
    private String id;

    @Column(nullable = false)
    private String currency;

    @Column(name = "credit_limit", nullable = false, precision = 14, scale = 2)
    private BigDecimal creditLimit;

    @Column(nullable = false, precision = 14, scale = 2)
    private BigDecimal held;

    @Version
    private long version;

    protected Customer() {
    }

    /** A new customer whose credit line holds nothing yet. */
    public static Customer open(String id, String currency, BigDecimal creditLimit) {
        Customer customer = new Customer();
        customer.id = Objects.requireNonNull(id, "id");
        customer.currency = Money.currency(currency);
        customer.creditLimit = Money.amount(creditLimit, "credit limit");
        customer.held = Money.amount(BigDecimal.ZERO, "held");
        return customer;
    }

    /**
     * Why this credit line cannot cover {@code amount} in {@code currency}, in words for the decline's
     * detail; empty when it can.
     */
    public Optional<String> shortfall(BigDecimal amount, String currency) {
        if (!this.currency.equals(currency)) {
            return Optional.of("no credit line in " + currency + " (" + id + "'s credit line is in " + this.currency
                    + ")");
        }
        if (amount.compareTo(available()) > 0) {
            return Optional.of("requested " + Money.format(amount, currency) + ", available "
                    + Money.format(available(), this.currency));
        }
        return Optional.empty();
    }

    void hold(BigDecimal amount, String currency) {
        shortfall(amount, currency).ifPresent(why -> {
            throw new PaymentRuleViolation("Cannot hold " + Money.format(amount, currency) + " on " + id
                    + "'s credit: " + why);
        });
        held = held.add(amount);
    }

    void release(BigDecimal amount) {
        if (amount.compareTo(held) > 0) {
            // held is the sum of what authorizations hold: releasing more than that means the ledger is corrupt
            throw new IllegalStateException("Cannot release " + Money.format(amount, currency) + " from " + id
                    + ", who holds only " + Money.format(held, currency));
        }
        held = held.subtract(amount);
    }

    /**
     * Sets the credit line as an operator asks. The limit may not go below what is already held (that money is
     * promised), and the currency may only change while nothing is held (held amounts are in the old one).
     */
    public void changeCreditLine(String currency, BigDecimal creditLimit) {
        String newCurrency = Money.currency(currency);
        BigDecimal newLimit = Money.amount(creditLimit, "credit limit");
        if (!newCurrency.equals(this.currency) && held.signum() > 0) {
            throw new PaymentRuleViolation(id + " holds " + Money.format(held, this.currency)
                    + ": the credit line cannot change to " + newCurrency + " until that is released");
        }
        if (newLimit.compareTo(held) < 0) {
            throw new PaymentRuleViolation("A credit limit of " + Money.format(newLimit, newCurrency)
                    + " is below the " + Money.format(held, this.currency) + " " + id + " already holds");
        }
        this.currency = newCurrency;
        this.creditLimit = newLimit;
    }

    public String id() {
        return id;
    }

    public String currency() {
        return currency;
    }

    public BigDecimal creditLimit() {
        return creditLimit;
    }

    public BigDecimal held() {
        return held;
    }

    public BigDecimal available() {
        return creditLimit.subtract(held);
    }
}
