package io.sagaplatform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PgStatementsTest {

    private static final String US = "\u001f";

    private static String row(Object... fields) {
        StringBuilder line = new StringBuilder();
        for (Object f : fields) {
            line.append(line.length() == 0 ? "" : US).append(f);
        }
        return line.append('\n').toString();
    }

    @Test
    void parsesPsqlRowsWhoseStatementHoldsTheSeparatorsOfOtherFormats() {
        String output = row("order_service", "order_service", 120, 35.5, 120,
                "insert into outbox (id, payload) values ($1, $2) -- a | b, c")
                + row("orchestrator", "orchestrator", 3, 1.25, 0, "select 1")
                + "\n";

        List<PgStatements.Statement> statements = PgStatements.parseStatements(output);

        assertEquals(List.of(
                new PgStatements.Statement("order_service", "order_service",
                        "insert into outbox (id, payload) values ($1, $2) -- a | b, c", 120, 35.5, 120),
                new PgStatements.Statement("orchestrator", "orchestrator", "select 1", 3, 1.25, 0)), statements);
    }

    @Test
    void subtractsTheStartOfTheWindowAndRanksByTotalTime() {
        PgStatements.Snapshot before = new PgStatements.Snapshot(List.of(
                new PgStatements.Statement("order_service", "order_service", "insert outbox", 100, 50.0, 100),
                new PgStatements.Statement("orchestrator", "orchestrator", "update saga", 10, 5.0, 10)), Map.of());
        PgStatements.Snapshot after = new PgStatements.Snapshot(List.of(
                new PgStatements.Statement("order_service", "order_service", "insert outbox", 300, 150.0, 300),
                new PgStatements.Statement("orchestrator", "orchestrator", "update saga", 410, 405.0, 410),
                // the same text under a second query id: added to the first
                new PgStatements.Statement("orchestrator", "orchestrator", "update saga", 100, 100.0, 100),
                new PgStatements.Statement("orchestrator", "orchestrator", "new statement", 50, 1.0, 50)), Map.of());

        List<PgStatements.StatementCost> costs = PgStatements.statementCosts(before, after, 100, 2);

        assertEquals(2, costs.size(), "only the top 2");
        PgStatements.StatementCost first = costs.get(0);
        assertEquals("update saga", first.query());
        assertEquals(500, first.calls());
        assertEquals(5.0, first.callsPerSaga());
        assertEquals(500.0, first.totalMillis());
        assertEquals(5.0, first.millisPerSaga());
        assertEquals(1.0, first.meanMillis());
        assertEquals("insert outbox", costs.get(1).query());
        assertEquals(200, costs.get(1).calls());
    }

    @Test
    void countsAStatementEvictedDuringTheWindowFromZero() {
        PgStatements.Snapshot before = new PgStatements.Snapshot(List.of(
                new PgStatements.Statement("db", "r", "q", 1000, 100.0, 0)), Map.of());
        PgStatements.Snapshot after = new PgStatements.Snapshot(List.of(
                new PgStatements.Statement("db", "r", "q", 40, 4.0, 0)), Map.of());

        assertEquals(40, PgStatements.statementCosts(before, after, 10, 5).get(0).calls());
    }

    @Test
    void commitsPerSagaPerDatabase() {
        PgStatements.Snapshot before = new PgStatements.Snapshot(List.of(), PgStatements.parseDatabases(
                row("order_service", 1000, 3) + row("orchestrator", 500, 0) + row("postgres", 7, 0)));
        PgStatements.Snapshot after = new PgStatements.Snapshot(List.of(), PgStatements.parseDatabases(
                row("order_service", 1400, 4) + row("orchestrator", 1700, 0) + row("postgres", 7, 0)));

        List<PgStatements.CommitRate> rates = PgStatements.commitRates(before, after, 200);

        assertEquals(List.of(new PgStatements.CommitRate("orchestrator", 1200, 6.0, 0),
                new PgStatements.CommitRate("order_service", 400, 2.0, 1)), rates);
    }
}
