package io.sagaplatform.messaging.dispatch;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;

/**
 * Tells a failure that will pass by itself (the database restarts, a lock is released, a concurrent update
 * won) from one that will not. Transient failures are retried without limit: dead-lettering a valid command
 * because the database was briefly down would stall its saga.
 */
final class TransientFailures {

    private TransientFailures() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof OptimisticLockException || t instanceof PessimisticLockException
                    || t instanceof LockTimeoutException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof org.hibernate.exception.LockAcquisitionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String cls = sql.getSQLState().length() >= 2 ? sql.getSQLState().substring(0, 2) : "";
                // 08 connection, 40 serialization failure / deadlock, 53 insufficient resources,
                // 57 operator intervention (admin shutdown, cannot connect now), 55P03 lock not available
                if (cls.equals("08") || cls.equals("40") || cls.equals("53") || cls.equals("57")
                        || sql.getSQLState().equals("55P03")) {
                    return true;
                }
            }
            if (t.getClass().getName().startsWith("io.agroal") && String.valueOf(t.getMessage()).contains("timeout")) {
                return true; // connection pool exhausted or database unreachable while acquiring
            }
        }
        return false;
    }
}
