package io.sagaplatform.messaging.database;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;

/**
 * Tells a database failure that passes by itself — the server is down or restarting, every pooled connection is
 * busy, a lock was not granted in time, a concurrent update or insert won, the transaction was rolled back under
 * its work or its commit's outcome was lost with the connection — from one that will not (a defect, data the schema
 * refuses). The one place that knows it: a consumer retries such a failure in place without limit (dead-lettering a
 * valid command because the database was briefly down would stall its saga), and a REST request that met one is
 * answered 503 with {@code Retry-After} (the client may send the same request again; an idempotency key keeps it
 * once).
 * <p>
 * The failure is looked for anywhere in what Hibernate, Narayana, Agroal or Quarkus wrapped it in: causes and
 * suppressed exceptions (Narayana attaches a failed commit's resource errors as either).
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (passesByItself(t)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            Collections.addAll(pending, t.getSuppressed());
        }
        return false;
    }

    private static boolean passesByItself(Throwable t) {
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                || t instanceof OptimisticLockException || t instanceof PessimisticLockException
                || t instanceof LockTimeoutException
                || t instanceof org.hibernate.exception.JDBCConnectionException
                || t instanceof org.hibernate.exception.LockAcquisitionException) {
            return true;
        }
        if (t instanceof RollbackException) {
            return true; // rolled back under the work, e.g. by the transaction timeout during a lock wait
        }
        if (t instanceof HeuristicMixedException || t instanceof HeuristicRollbackException) {
            // the connection was lost during the one-phase commit: the outcome is unknown, and trying again is safe
            // because the inbox (consumers) or the idempotency key (requests) finds what did commit
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            String cls = state.length() >= 2 ? state.substring(0, 2) : "";
            // 08 connection, 40 serialization failure / deadlock, 53 insufficient resources (too many connections),
            // 57 operator intervention (admin or crash shutdown, cannot connect now, statement cancelled by a
            // timeout), 55P03 lock not available, 23505 unique violation (two deliveries or requests racing to
            // insert the same first row: the retry finds the other's row)
            if (cls.equals("08") || cls.equals("40") || cls.equals("53") || cls.equals("57")
                    || state.equals("55P03") || state.equals("23505")) {
                return true;
            }
        }
        // Agroal's "Sorry, acquisition timeout!": a plain SQLException without SQLState, thrown by the pool when every
        // connection is busy or the database cannot be reached while acquiring
        return fromConnectionPool(t) && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("timeout");
    }

    /** Whether the pool (Agroal) raised it: by its type, or — a plain SQLException — by where it was thrown. */
    private static boolean fromConnectionPool(Throwable t) {
        if (t.getClass().getName().startsWith("io.agroal")) {
            return true;
        }
        StackTraceElement[] stack = t.getStackTrace();
        return t instanceof SQLException && stack.length > 0 && stack[0].getClassName().startsWith("io.agroal");
    }
}
