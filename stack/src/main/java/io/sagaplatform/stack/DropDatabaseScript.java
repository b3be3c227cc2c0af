package io.sagaplatform.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform's one teardown of a database: {@code drop-database.sql} next to this class ends the sessions on it,
 * drops its replication slots (retrying while one turns active again) and drops it. {@code scripts/postgres.sh} runs
 * the file with psql as the superuser ({@code drop-test-leftovers}, {@code drop-service-databases} for
 * {@code ./saga reset}); testing's {@code TestDatabase} runs {@link #statements(String)} over JDBC as the test role.
 *
 * <p>Why one SQL file and not a class driving psql: the tests log in over TCP as a non-superuser with the JDBC
 * driver, the shell script as the superuser over the socket, so the part both can share is the SQL itself; the
 * sequence and its retry rule are in the file, and each side only feeds it a name. This class is that feeding for
 * JDBC, with nothing but the JDK, like the rest of this module: it substitutes the file's two psql variables the way
 * psql does and splits it into statements, which the caller runs one by one outside a transaction.
 */
public final class DropDatabaseScript {

    /** The file, as a resource of this class (in the source tree under {@code stack/src/main/resources}). */
    public static final String RESOURCE = "drop-database.sql";

    private static final String DOLLAR_QUOTE = "$$";

    private DropDatabaseScript() {
    }

    /**
     * The file's statements for dropping {@code database}, in order, each to be run on its own in autocommit mode on
     * a connection to another database (e.g. {@code postgres}).
     */
    public static List<String> statements(String database) {
        return statements(text(), database);
    }

    static List<String> statements(String script, String database) {
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        boolean quoted = false;
        for (String line : script.split("\n", -1)) {
            if (!quoted && (line.isBlank() || line.strip().startsWith("--"))) {
                continue;
            }
            boolean startsQuoted = quoted;
            quoted ^= occurrences(line, DOLLAR_QUOTE) % 2 == 1;
            // psql substitutes variables outside quotes only; no line of the file mixes a $$ and a variable
            statement.append(startsQuoted || quoted ? line : substitute(line, database)).append('\n');
            if (!quoted && line.strip().endsWith(";")) {
                statements.add(statement.toString().strip());
                statement.setLength(0);
            }
        }
        if (quoted || !statement.toString().isBlank()) {
            throw new IllegalStateException(RESOURCE + " does not end with a complete statement: " + statement);
        }
        return statements;
    }

    private static String substitute(String line, String database) {
        String substituted = line.replace(":'database'", literal(database)).replace(":\"database\"",
                identifier(database));
        if (substituted.contains(":'") || substituted.contains(":\"")) {
            throw new IllegalStateException(RESOURCE + " uses a psql variable other than database: " + line);
        }
        return substituted;
    }

    /** As psql's {@code :'name'} with standard_conforming_strings on (PostgreSQL's default). */
    static String literal(String value) {
        if (value.indexOf('\\') >= 0) {
            return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** As psql's {@code :"name"}. */
    static String identifier(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static int occurrences(String line, String token) {
        int count = 0;
        for (int at = line.indexOf(token); at >= 0; at = line.indexOf(token, at + token.length())) {
            count++;
        }
        return count;
    }

    private static String text() {
        try (InputStream in = DropDatabaseScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath next to "
                        + DropDatabaseScript.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
