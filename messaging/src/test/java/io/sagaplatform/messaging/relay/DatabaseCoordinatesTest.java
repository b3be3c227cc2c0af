package io.sagaplatform.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DatabaseCoordinatesTest {

    @Test
    void readsHostPortDatabaseAndParametersFromAJdbcUrl() {
        assertThat(DatabaseCoordinates.parse("jdbc:postgresql://db.example:6543/orders?sslmode=disable"))
                .isEqualTo(new DatabaseCoordinates("db.example", 6543, "orders", Map.of("sslmode", "disable")));
    }

    @Test
    void decodesParametersAsTheDriverDoes() {
        assertThat(DatabaseCoordinates.parse("jdbc:postgresql://localhost/orders?options=-c%20search_path%3Dapp&ssl")
                .parameters()).containsExactly(Map.entry("options", "-c search_path=app"), Map.entry("ssl", ""));
    }

    @Test
    void defaultsToPort5432() {
        assertThat(DatabaseCoordinates.parse("jdbc:postgresql://localhost/orders").port()).isEqualTo(5432);
    }

    @Test
    void refusesAnythingButPostgres() {
        assertThatThrownBy(() -> DatabaseCoordinates.parse("jdbc:h2:mem:test"))
                .hasMessageContaining("jdbc:postgresql://host:port/database");
    }
}
