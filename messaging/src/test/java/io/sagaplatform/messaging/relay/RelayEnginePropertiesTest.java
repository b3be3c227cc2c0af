package io.sagaplatform.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class RelayEnginePropertiesTest {

    private static Properties forUrl(String jdbcUrl) {
        return RelayEngineProperties.build(TestMessagingConfig.with(Map.of()).relay(), "orders_outbox",
                DatabaseCoordinates.parse(jdbcUrl), jdbcUrl, "orders", "secret");
    }

    @Test
    void theReplicationConnectionGetsTheTlsSettingsOfTheDatasourceUrl() {
        Properties p = forUrl("jdbc:postgresql://db.example:6543/orders?sslmode=verify-full"
                + "&sslrootcert=/etc/pg/root.crt&sslcert=/etc/pg/client.crt&sslkey=/etc/pg/client.pk8&sslpassword=k3y");

        assertThat(p).containsEntry("database.hostname", "db.example").containsEntry("database.port", "6543")
                .containsEntry("database.dbname", "orders")
                .containsEntry("database.sslmode", "verify-full")
                .containsEntry("database.sslrootcert", "/etc/pg/root.crt")
                .containsEntry("database.sslcert", "/etc/pg/client.crt")
                .containsEntry("database.sslkey", "/etc/pg/client.pk8")
                .containsEntry("database.sslpassword", "k3y");
    }

    @Test
    void otherDriverParametersPassThroughDecoded() {
        Properties p = forUrl("jdbc:postgresql://localhost/orders?options=-c%20statement_timeout%3D5000"
                + "&connectTimeout=3&targetServerType=primary&tcpKeepAlive=true");

        assertThat(p).containsEntry("driver.options", "-c statement_timeout=5000")
                .containsEntry("driver.connectTimeout", "3")
                .containsEntry("driver.targetServerType", "primary")
                .containsEntry("database.tcpKeepAlive", "true");
    }

    @Test
    void aUrlParameterNeverReplacesTheRelaysRoleOrWhereItConnects() {
        Properties p = forUrl("jdbc:postgresql://localhost:5432/orders?user=other&password=guess&port=1&dbname=x");

        assertThat(p).containsEntry("database.user", "orders").containsEntry("database.password", "secret")
                .containsEntry("database.port", "5432").containsEntry("database.dbname", "orders");
        assertThat(p.stringPropertyNames()).noneMatch(name -> name.startsWith("driver."));
    }

    @Test
    void aUrlWithoutParametersAddsNothing() {
        Properties p = forUrl("jdbc:postgresql://localhost/orders");

        assertThat(p.stringPropertyNames())
                .noneMatch(name -> name.startsWith("driver.") || name.startsWith("database.ssl"));
    }
}
