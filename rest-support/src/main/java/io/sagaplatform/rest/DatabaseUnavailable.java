package io.sagaplatform.rest;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Tells a request that failed because the service's database could not be had right now — the server is down or
 * restarting, every pooled connection is busy (the pool's acquisition timeout), a lock was not granted in time —
 * from a defect. Such a request is answered 503 with {@code Retry-After}: the client may send it again as it is.
 * The same failures a consumer retries in place (messaging's {@code TransientFailures}), as the REST layer meets
 * them: through the cause chain of whatever Hibernate, Narayana or Agroal wrapped them in.
 */
final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                // 08 connection exception, 53 insufficient resources (too many connections), 57 operator
                // intervention (admin or crash shutdown, cannot connect now, statement cancelled), 55P03 lock not
                // available
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                        || state.equals("55P03")) {
                    return true;
                }
                if (fromConnectionPool(sql)
                        && String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")) {
                    return true; // Agroal's "Sorry, acquisition timeout!": a plain SQLException without SQLState
                }
            }
        }
        return false;
    }

    private static boolean fromConnectionPool(Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        return t.getClass().getName().startsWith("io.agroal")
                || (stack.length > 0 && stack[0].getClassName().startsWith("io.agroal"));
    }
}
