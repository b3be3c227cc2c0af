package io.sagaplatform.shipping.application;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.sagaplatform.shipping.domain.UnserviceableCountries;
import io.sagaplatform.shipping.domain.UnserviceableDestination;

/**
 * The unserviceable countries: read by the scheduling rules, administered through the API. A change applies to
 * the schedulings that follow it; shipments already scheduled stay scheduled.
 */
@ApplicationScoped
public class Destinations implements UnserviceableCountries {

    private static final Logger LOG = Logger.getLogger(Destinations.class);

    private final EntityManager em;

    Destinations(EntityManager em) {
        this.em = em;
    }

    /** A country marked unserviceable: the entry as stored, and whether it is new. */
    public record Marked(UnserviceableDestination destination, boolean created) {
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> reasonFor(String country) {
        return Optional.ofNullable(em.find(UnserviceableDestination.class, country))
                .map(UnserviceableDestination::reason);
    }

    @Transactional
    public List<UnserviceableDestination> unserviceable() {
        return em.createQuery("FROM UnserviceableDestination d ORDER BY d.country", UnserviceableDestination.class)
                .getResultList();
    }

    /**
     * Marks {@code country} unserviceable, or changes the reason it is. Two concurrent requests for a new country
     * both succeed: the insert that loses waits for the winner and then updates its row, instead of failing on
     * the primary key.
     *
     * @throws IllegalArgumentException when the country or reason break the domain's rules
     */
    @Transactional
    public Marked markUnserviceable(String country, String reason) {
        UnserviceableDestination wanted = new UnserviceableDestination(country, reason);
        while (true) {
            int inserted = em.createNativeQuery("""
                    INSERT INTO unserviceable_destinations (country, reason) VALUES (?1, ?2)
                    ON CONFLICT (country) DO NOTHING""")
                    .setParameter(1, wanted.country())
                    .setParameter(2, wanted.reason())
                    .executeUpdate();
            if (inserted == 1) {
                LOG.infof("Destination %s is now unserviceable: %s", wanted.country(), wanted.reason());
                return new Marked(wanted, true);
            }
            UnserviceableDestination existing = em.find(UnserviceableDestination.class, country,
                    LockModeType.PESSIMISTIC_WRITE);
            if (existing != null) {
                existing.changeReason(reason);
                LOG.infof("Destination %s stays unserviceable, now because: %s", country, existing.reason());
                return new Marked(existing, false);
            }
            // removed between the two statements: insert again
        }
    }

    /** @return whether the country was unserviceable until now */
    @Transactional
    public boolean markServiceable(String country) {
        boolean removed = em.createQuery("DELETE FROM UnserviceableDestination d WHERE d.country = :country")
                .setParameter("country", country)
                .executeUpdate() == 1;
        if (removed) {
            LOG.infof("Destination %s is serviceable again", country);
        }
        return removed;
    }
}
