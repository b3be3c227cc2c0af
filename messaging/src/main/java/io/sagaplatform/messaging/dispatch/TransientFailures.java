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

    /** Whether the pool (Agroal) raised it: by its type, or — a plain SQLException — by where it was thrown. */
    private static boolean fromConnectionPool(Throwable t) {
        if (t.getClass().getName().startsWith("io.agroal")) {
            return true;
        }
        StackTraceElement[] stack = t.getStackTrace();
        return t instanceof SQLException && stack.length > 0 && stack[0].getClassName().startsWith("io.agroal");
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
                // 57 operator intervention (admin shutdown, cannot connect now, statement cancelled by a
                // transaction timeout), 55P03 lock not available, 23505 unique violation (two deliveries racing to
                // insert the same first row: the retry finds the other's row)
                if (cls.equals("08") || cls.equals("40") || cls.equals("53") || cls.equals("57")
                        || sql.getSQLState().equals("55P03") || sql.getSQLState().equals("23505")) {
                    return true;
                }
            }
            if (fromConnectionPool(t) && String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT)
                    .contains("timeout")) {
                // "Sorry, acquisition timeout!": a plain SQLException without SQLState, thrown by the pool when
                // every connection is busy or the database cannot be reached while acquiring
                return true;
            }
            if (t instanceof jakarta.transaction.RollbackException) {
                return true; // the transaction was rolled back under the handler, e.g. by its timeout during a lock wait
            }
        }
        return false;
    }
}
