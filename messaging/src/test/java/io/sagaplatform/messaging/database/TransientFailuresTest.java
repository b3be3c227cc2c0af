package io.sagaplatform.messaging.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

/**
 * What passes by itself is retried without limit; what does not is dead-lettered after a few attempts. A valid
 * message must never be dead-lettered because the pool or a lock made it wait.
 */
class TransientFailuresTest {

    /** What Agroal throws when no connection frees up in time: a plain SQLException, no SQLState, from its pool. */
    private static SQLException poolAcquisitionTimeout() {
        SQLException timeout = new SQLException("Sorry, acquisition timeout!");
        timeout.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("io.agroal.pool.ConnectionPool", "handlerFromSharedCache", "ConnectionPool.java", 315),
                new StackTraceElement("io.agroal.pool.ConnectionPool", "getConnection", "ConnectionPool.java", 248) });
        return timeout;
    }

    @Test
    void anExhaustedConnectionPoolIsTransientAsHibernateWrapsIt() {
        assertThat(TransientFailures.isTransient(new GenericJDBCException("Unable to acquire JDBC Connection",
                poolAcquisitionTimeout()))).isTrue();
    }

    @Test
    void twoDeliveriesRacingToInsertTheSameFirstRowAreTransient() {
        SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        assertThat(TransientFailures.isTransient(new ConstraintViolationException("insert", duplicate, "inbox_pkey")))
                .isTrue();
    }

    @Test
    void aTransactionRolledBackUnderTheHandlerIsTransient() {
        SQLException enlist = new SQLException("Exception in association of connection to existing transaction",
                new jakarta.transaction.RollbackException("ARJUNA016102: The transaction is not active!"));
        assertThat(TransientFailures.isTransient(new GenericJDBCException("could not prepare statement", enlist)))
                .isTrue();
    }

    @Test
    void aStatementCancelledByATimeoutIsTransient() {
        assertThat(TransientFailures.isTransient(new GenericJDBCException("x",
                new SQLException("canceling statement due to statement timeout", "57014")))).isTrue();
    }

    @Test
    void whatWillNotPassByItselfIsPermanent() {
        assertThat(TransientFailures.isTransient(new GenericJDBCException("x",
                new SQLException("null value in column \"sku\" violates not-null constraint", "23502")))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("some timeout, not from the pool"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad amount"))).isFalse();
    }

    @Test
    void aCommitWhoseConnectionDiedIsTransientWhereverNarayanaPutTheCause() {
        SQLException lost = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        jakarta.transaction.RollbackException suppressing = new jakarta.transaction.RollbackException(
                "ARJUNA016053: Could not commit transaction.");
        suppressing.addSuppressed(new javax.transaction.xa.XAException("Error trying to transactionCommit local transaction"));
        suppressing.getSuppressed()[0].initCause(lost);
        assertThat(TransientFailures.isTransient(new IllegalStateException("commit failed", suppressing))).isTrue();

        // the connection lost during the one-phase commit: the outcome is unknown, sending again is safe
        assertThat(TransientFailures.isTransient(new io.quarkus.narayana.jta.QuarkusTransactionException(
                new jakarta.transaction.HeuristicMixedException()))).isTrue();
    }

    @Test
    void aSuppressedPermanentFailureStaysPermanentAndACycleEnds() {
        IllegalStateException defect = new IllegalStateException("defect");
        IllegalArgumentException other = new IllegalArgumentException("other", defect);
        defect.addSuppressed(other); // a cycle through suppressed
        defect.addSuppressed(new SQLException("null value in column", "23502"));
        assertThat(TransientFailures.isTransient(defect)).isFalse();
    }
}
