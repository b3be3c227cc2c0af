package io.sagaplatform.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseCoordinatesTest {

    @Test
    void readsHostPortAndDatabaseFromAJdbcUrl() {
        assertThat(DatabaseCoordinates.parse("jdbc:postgresql://db.example:6543/orders?sslmode=disable"))
                .isEqualTo(new DatabaseCoordinates("db.example", 6543, "orders"));
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
