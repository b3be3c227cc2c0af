package io.sagaplatform.orchestrator.dashboard;

import java.sql.SQLException;
import java.util.Set;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;

import org.hibernate.StaleStateException;
import org.hibernate.exception.LockAcquisitionException;

/**
 * Tells an operator action that lost a race for the saga's row from one that failed. An action reads the saga,
 * lets the engine decide and writes the saga back under its optimistic version; a reply, the deadline poller or
 * another operator that changed the saga in between (or held its row until it committed its change) leaves that
 * write matching no row, and Hibernate raises an optimistic lock failure. Lock and serialization failures are the
 * same race seen by the database. Either way the action's transaction rolls back whole: nothing was applied, and
 * the operator may reload the saga and decide again.
 */
final class LostRace {

    /** 40001 serialization failure, 40P01 deadlock, 55P03 lock not available. */
    private static final Set<String> CONFLICTS = Set.of("40001", "40P01", "55P03");

    private LostRace() {
    }

    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException
                    || t instanceof PessimisticLockException || t instanceof LockTimeoutException
                    || t instanceof LockAcquisitionException
                    || t instanceof SQLException sql && CONFLICTS.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
