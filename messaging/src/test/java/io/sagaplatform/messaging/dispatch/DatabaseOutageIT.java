package io.sagaplatform.messaging.dispatch;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.common.StockLine;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.messaging.SagaContext;
import io.sagaplatform.messaging.outbox.OutboxMessage;
import io.sagaplatform.messaging.support.TestOutboxWriter;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.Management;
import io.sagaplatform.testing.KafkaTestResource;
import io.sagaplatform.testing.PrivatePostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.TestMessages;

/**
 * A 90 s database outage — longer than the Kafka connector's default patience with an unacknowledged record (60 s),
 * which once closed the consumer for good — is waited out: the record that arrived during it is applied once the
 * database is back, and the whole path (outbox → relay → Kafka → inbox) works again without a restart.
 */
@QuarkusTest
@TestProfile(DatabaseOutageIT.PrivateDatabase.class)
class DatabaseOutageIT {

    /** The service's database on a private PostgreSQL server that the test stops for the outage. */
    public static class PrivateDatabase extends ServiceTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivatePostgresTestResource.class),
                    new TestResourceEntry(KafkaTestResource.class));
        }
    }


    private static final Duration OUTAGE = Duration.ofSeconds(90);
    private static final Duration AT_MOST = Duration.ofSeconds(90);

    @Inject
    TestOutboxWriter db;

    @Test
    void aConsumerWaitsOutANinetySecondDatabaseOutageAndCarriesOnWithoutARestart() throws Exception {
        UUID arrivedDuringOutage = UUID.randomUUID();
        try (AutoCloseable outage = PrivatePostgresTestResource.process().outage()) {
            KafkaProbe.send(TestMessages.plain(Topics.INVENTORY_COMMANDS, arrivedDuringOutage.toString(),
                    MessageTypes.RESERVE_INVENTORY, reserve(arrivedDuringOutage), TestMessages.newId()));
            // the consumer keeps retrying the record and stays alive for the whole outage
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(DatabaseOutageIT::consumerAlive);
        }

        await().atMost(AT_MOST).until(() -> effects(arrivedDuringOutage) == 1);
        UUID afterOutage = UUID.randomUUID();
        db.append(OutboxMessage.command(Topics.INVENTORY_COMMANDS,
                new SagaContext(UUID.randomUUID(), "place-order", "reserve-inventory", 1), "order",
                afterOutage.toString(), reserve(afterOutage)));
        await().atMost(AT_MOST).until(() -> effects(afterOutage) == 1);
        await().atMost(AT_MOST).until(DatabaseOutageIT::consumerAlive);
    }

    /** Liveness as Kubernetes would probe it: the Kafka connector reports a closed consumer here. */
    private static boolean consumerAlive() {
        return Management.given().get("/q/health/live").statusCode() == 200;
    }

    private long effects(UUID orderId) {
        return db.count("SELECT count(*) FROM test_effects WHERE order_id = ?1", orderId);
    }

    private static ReserveInventory reserve(UUID orderId) {
        return new ReserveInventory(orderId, List.of(new StockLine("SKU-APPLE", 1)));
    }
}
