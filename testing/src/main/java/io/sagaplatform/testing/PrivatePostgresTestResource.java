package io.sagaplatform.testing;

/**
 * Like {@link PostgresTestResource}, but the database lives on a private PostgreSQL server
 * ({@link PostgresProcess}) that the test may stop and start — an outage the machine's shared cluster must never
 * see. The server and its directory go when the application under test stops.
 */
public class PrivatePostgresTestResource extends PostgresTestResource {

    private static volatile PostgresProcess current;
    private PostgresProcess process;

    @Override
    protected PostgresServer server() {
        process = PostgresProcess.start();
        current = process;
        return process.server();
    }

    @Override
    public void stop() {
        if (process != null) {
            process.close(); // its databases and slots go with it
        }
    }

    /** The private server of the application under test. */
    public static PostgresProcess process() {
        if (current == null) {
            throw new IllegalStateException("No PrivatePostgresTestResource has started in this JVM");
        }
        return current;
    }
}
