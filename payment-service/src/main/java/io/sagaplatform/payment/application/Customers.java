package io.sagaplatform.payment.application;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sagaplatform.payment.domain.Customer;

/**
 * Customers' credit lines: look-ups for the API, the operator's changes, and the locked read the command
 * handlers use. Every change to a customer row happens under its row lock, so that a credit check and the
 * hold that follows it, or an operator's new limit and the holds around it, can never interleave.
 */
@ApplicationScoped
public class Customers {

    private static final Logger LOG = Logger.getLogger(Customers.class);

    private final EntityManager em;

    Customers(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public List<Customer> list(int offset, int limit) {
        return em.createQuery("FROM Customer c ORDER BY c.id", Customer.class)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    @Transactional
    public Optional<Customer> find(String id) {
        return Optional.ofNullable(em.find(Customer.class, id));
    }

    /**
     * Opens the customer's credit line, or changes it.
     *
     * @throws io.sagaplatform.payment.domain.PaymentRuleViolation when the change would leave held money
     *                                                             uncovered
     */
    public CreditLineChange setCreditLine(String id, String currency, BigDecimal creditLimit) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> apply(id, currency, creditLimit));
        } catch (PersistenceException e) {
            if (!openedMeanwhile(e)) {
                throw e;
            }
            // another request opened the same customer first and ours rolled back: now it is a change
            return QuarkusTransaction.requiringNew().call(() -> apply(id, currency, creditLimit));
        }
    }

    private static boolean openedMeanwhile(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
        }
        return false;
    }

    private CreditLineChange apply(String id, String currency, BigDecimal creditLimit) {
        Optional<Customer> existing = lockForUpdate(id);
        if (existing.isPresent()) {
            existing.get().changeCreditLine(currency, creditLimit);
            LOG.infof("Credit line of %s set to %s %s (held %s)", id, existing.get().creditLimit(), currency,
                    existing.get().held());
            return new CreditLineChange(existing.get(), false);
        }
        Customer opened = Customer.open(id, currency, creditLimit);
        em.persist(opened);
        em.flush();
        LOG.infof("Credit line of %s opened: %s %s", id, opened.creditLimit(), currency);
        return new CreditLineChange(opened, true);
    }

    /** The customer, locked until the caller's transaction ends; empty when there is no such customer. */
    Optional<Customer> lockForUpdate(String id) {
        return Optional.ofNullable(em.find(Customer.class, id, LockModeType.PESSIMISTIC_WRITE));
    }
}
