package io.sagaplatform.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's side of a profile: what each statement cost over the window ({@code pg_stat_statements}, read at the
 * start and at the end and subtracted, so nobody else's statistics are reset) and how many transactions each
 * database committed ({@code pg_stat_database.xact_commit}).
 *
 * <p>It runs {@code psql} as the database superuser over the local socket, as {@code scripts/postgres.sh} does: as
 * root through {@code runuser -u postgres}, as the postgres user directly, otherwise through {@code sudo -n}. The
 * extension must be loaded at server start ({@code shared_preload_libraries}, which {@code scripts/postgres.sh up}
 * sets); {@link #prepare()} creates it in the {@code postgres} database, from where it sees every database's
 * statements. Statements of a concurrent test run (role {@code saga_test*}, databases {@code sagatest_*}) and the
 * profiler's own queries are left out.
 *
 * <p>{@code pg_stat_database} is updated by each backend at most once a second (PostgreSQL 15), so commits per saga
 * over a short window are exact only to about a second's worth of transactions.
 */
final class PgStatements {

    /** One statement's counters: database, role, the normalised text, calls, total execution time, rows. */
    record Statement(String database, String role, String query, long calls, double totalMillis, long rows) {
        String key() {
            return database + '\u001f' + role + '\u001f' + query;
        }
    }

    /** One database's transaction counters. */
    record DatabaseCounters(String database, long commits, long rollbacks) {
    }

    /** Everything read at one instant. */
    record Snapshot(List<Statement> statements, Map<String, DatabaseCounters> databases) {
    }

    /** Per-window figures for the report. */
    record StatementCost(String database, String role, String query, long calls, double callsPerSaga,
            double totalMillis, double millisPerSaga, double meanMillis, long rows) {
    }

    record CommitRate(String database, long commits, double commitsPerSaga, long rollbacks) {
    }

    private static final char SEPARATOR = '\u001f';
    private static final String EXCLUDED = "r.rolname NOT LIKE 'saga\\_test%' AND d.datname NOT LIKE 'sagatest\\_%'";
    static final String STATEMENTS_SQL = "SELECT d.datname, r.rolname, s.calls, s.total_exec_time, s.rows,"
            + " left(regexp_replace(s.query, '\\s+', ' ', 'g'), 400)"
            + " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid JOIN pg_roles r ON r.oid = s.userid"
            + " WHERE " + EXCLUDED + " AND s.query NOT LIKE '%pg_stat_statements%'"
            + " AND s.query NOT LIKE '%pg_stat_database%'";
    static final String DATABASES_SQL = "SELECT datname, xact_commit, xact_rollback FROM pg_stat_database"
            + " WHERE datname IS NOT NULL AND datname NOT LIKE 'sagatest\\_%'"
            + " AND datname NOT IN ('postgres', 'template0', 'template1')";

    private final List<String> psqlPrefix;

    PgStatements(List<String> psqlPrefix) {
        this.psqlPrefix = psqlPrefix;
    }

    /** psql as the superuser of the machine's cluster (port 5432, the local socket). */
    static PgStatements localCluster() {
        List<String> prefix = new ArrayList<>();
        String user = System.getProperty("user.name");
        if (user.equals("root")) {
            prefix.addAll(List.of("runuser", "-u", "postgres", "--"));
        } else if (!user.equals("postgres")) {
            prefix.addAll(List.of("sudo", "-n", "-u", "postgres"));
        }
        prefix.addAll(List.of("psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-p", "5432", "-d", "postgres",
                "-F", String.valueOf(SEPARATOR)));
        return new PgStatements(prefix);
    }

    /**
     * Creates the extension when missing and checks that it can be read. Returns null when it works, else why not
     * (then the report says so and leaves the statements out).
     */
    String prepare() {
        try {
            psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            psql("SELECT count(*) FROM pg_stat_statements");
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage() + " (scripts/postgres.sh up loads pg_stat_statements; it restarts PostgreSQL once"
                    + " when its configuration changed)";
        }
    }

    Snapshot snapshot(boolean withStatements) {
        List<Statement> statements = withStatements ? parseStatements(psql(STATEMENTS_SQL)) : List.of();
        return new Snapshot(statements, parseDatabases(psql(DATABASES_SQL)));
    }

    static List<Statement> parseStatements(String output) {
        List<Statement> statements = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(String.valueOf(SEPARATOR), 6);
            if (f.length < 6) {
                continue;
            }
            statements.add(new Statement(f[0], f[1], f[5], Long.parseLong(f[2]), Double.parseDouble(f[3]),
                    Long.parseLong(f[4])));
        }
        return statements;
    }

    static Map<String, DatabaseCounters> parseDatabases(String output) {
        Map<String, DatabaseCounters> databases = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String[] f = line.split(String.valueOf(SEPARATOR));
            if (f.length == 3) {
                databases.put(f[0], new DatabaseCounters(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
        }
        return databases;
    }

    /**
     * The statements' cost between two snapshots, most total time first, at most {@code top}. The same normalised
     * statement may appear under several query ids (e.g. once per schema search path): such rows are added up.
     */
    static List<StatementCost> statementCosts(Snapshot before, Snapshot after, long sagas, int top) {
        Map<String, Statement> earlier = sumByKey(before.statements());
        List<StatementCost> costs = new ArrayList<>();
        for (Statement now : sumByKey(after.statements()).values()) {
            Statement then = earlier.get(now.key());
            long calls = now.calls() - (then == null ? 0 : then.calls());
            double millis = now.totalMillis() - (then == null ? 0 : then.totalMillis());
            long rows = now.rows() - (then == null ? 0 : then.rows());
            if (calls < 0 || millis < 0) { // the entry was evicted and came back: count it from zero
                calls = now.calls();
                millis = now.totalMillis();
                rows = now.rows();
            }
            if (calls == 0) {
                continue;
            }
            costs.add(new StatementCost(now.database(), now.role(), now.query(), calls, perSaga(calls, sagas), millis,
                    perSaga(millis, sagas), millis / calls, rows));
        }
        costs.sort(Comparator.comparingDouble(StatementCost::totalMillis).reversed());
        return costs.size() > top ? List.copyOf(costs.subList(0, top)) : costs;
    }

    static List<CommitRate> commitRates(Snapshot before, Snapshot after, long sagas) {
        List<CommitRate> rates = new ArrayList<>();
        after.databases().forEach((name, now) -> {
            DatabaseCounters then = before.databases().get(name);
            if (then == null) {
                return;
            }
            long commits = now.commits() - then.commits();
            if (commits > 0) {
                rates.add(new CommitRate(name, commits, perSaga(commits, sagas), now.rollbacks() - then.rollbacks()));
            }
        });
        rates.sort(Comparator.comparingLong(CommitRate::commits).reversed());
        return rates;
    }

    private static Map<String, Statement> sumByKey(List<Statement> statements) {
        Map<String, Statement> sums = new HashMap<>();
        for (Statement s : statements) {
            sums.merge(s.key(), s, (a, b) -> new Statement(a.database(), a.role(), a.query(), a.calls() + b.calls(),
                    a.totalMillis() + b.totalMillis(), a.rows() + b.rows()));
        }
        return sums;
    }

    private static double perSaga(double value, long sagas) {
        return sagas == 0 ? 0 : value / sagas;
    }

    private String psql(String sql) {
        List<String> command = new ArrayList<>(psqlPrefix);
        command.addAll(List.of("-c", sql));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(new java.io.File("/"));
        for (String variable : List.of("PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD",
                "PGSERVICE", "PGSERVICEFILE", "PGPASSFILE", "PGOPTIONS", "PGSSLMODE")) {
            builder.environment().remove(variable);
        }
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("psql did not answer within 30 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("psql failed: " + text.trim());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run psql (" + String.join(" ", psqlPrefix.subList(0, 3)) + "…): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for psql", e);
        }
    }
}
