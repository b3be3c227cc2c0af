package io.sagaplatform.messaging.relay;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A data source that never hands out a connection: each attempt throws what the test says, or waits like an exhausted
 * pool.
 */
final class ScriptedDataSource implements DataSource {

    private final Supplier<? extends Error> error;
    private final Duration acquisitionTimeout;
    private final CountDownLatch never = new CountDownLatch(1);
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();

    private ScriptedDataSource(Supplier<? extends Error> error, Duration acquisitionTimeout) {
        this.error = error;
        this.acquisitionTimeout = acquisitionTimeout;
    }

    /** Every attempt throws {@code error}: an {@link Error} such as StackOverflowError or OutOfMemoryError. */
    static ScriptedDataSource throwing(Supplier<? extends Error> error) {
        return new ScriptedDataSource(error, null);
    }

    /** A pool with every connection in use: each attempt waits {@code acquisitionTimeout}, then fails like Agroal. */
    static ScriptedDataSource exhausted(Duration acquisitionTimeout) {
        return new ScriptedDataSource(null, acquisitionTimeout);
    }

    int attempts() {
        return attempts.get();
    }

    /** Callers waiting for a connection right now. */
    int waiting() {
        return waiting.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        attempts.incrementAndGet();
        if (error != null) {
            throw error.get();
        }
        waiting.incrementAndGet();
        try {
            never.await(acquisitionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while acquiring");
        } finally {
            waiting.decrementAndGet();
        }
        throw new SQLException("Sorry, acquisition timeout!");
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
