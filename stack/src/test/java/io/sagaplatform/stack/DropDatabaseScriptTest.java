package io.sagaplatform.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class DropDatabaseScriptTest {

    @Test
    void theFileGivesTheNameToTheBlocksBlocksConnectionsDropsSlotsThenTheDatabaseEachOnItsOwn() {
        List<String> statements = DropDatabaseScript.statements("sagatest_1_abc");

        assertThat(statements).hasSize(4);
        assertThat(statements.get(0)).isEqualTo("SELECT set_config('saga.drop_database', 'sagatest_1_abc', false);");
        assertThat(statements.get(1)).startsWith("DO $$").contains("ALLOW_CONNECTIONS false").endsWith("$$;");
        assertThat(statements.get(2)).startsWith("DO $$").contains("pg_drop_replication_slot", "interval '15 seconds'")
                .endsWith("$$;");
        assertThat(statements.get(3)).isEqualTo("DROP DATABASE IF EXISTS \"sagatest_1_abc\" WITH (FORCE);");
        assertThat(String.join("\n", statements)).doesNotContain("\n--");
    }

    @Test
    void substitutesLikePsqlOutsideDollarQuotesOnly() {
        String script = """
                -- a comment with :'database'
                SELECT :'database';

                DO $$
                BEGIN
                  RAISE NOTICE ':''database'' stays; -- not the end';
                END
                $$;
                DROP DATABASE :"database";
                """;

        assertThat(DropDatabaseScript.statements(script, "we'i\"rd")).containsExactly(
                "SELECT 'we''i\"rd';",
                "DO $$\nBEGIN\n  RAISE NOTICE ':''database'' stays; -- not the end';\nEND\n$$;",
                "DROP DATABASE \"we'i\"\"rd\";");
        assertThat(DropDatabaseScript.literal("a\\b")).isEqualTo("E'a\\\\b'");
    }

    @Test
    void refusesAnIncompleteStatementOrAnotherVariable() {
        assertThatThrownBy(() -> DropDatabaseScript.statements("DO $$\nBEGIN END;\n", "x"))
                .hasMessageContaining("complete statement");
        assertThatThrownBy(() -> DropDatabaseScript.statements("SELECT :'other';\n", "x"))
                .hasMessageContaining("other than database");
    }
}
