package io.sagaplatform.orchestrator.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.order.ApproveOrder;
import io.sagaplatform.orchestrator.engine.Command;
import io.sagaplatform.orchestrator.engine.SagaDefinition;

class SagaRegistryTest {

    private static SagaDefinition<String> definition(String type, int version, String keyName) {
        return SagaDefinition.builder(type, version, String.class).correlatedBy("order", keyName)
                .step("approve-order").pivot()
                .invoke(data -> new Command(Topics.ORDER_COMMANDS, new ApproveOrder(java.util.UUID.randomUUID())))
                .onReply(MessageTypes.ORDER_APPROVED).timeout(Duration.ofSeconds(1))
                .build();
    }

    @Test
    void newSagasStartOnTheHighestVersionUnlessConfiguredOtherwise() {
        List<SagaDefinition<?>> definitions = List.of(definition("approve", 1, "orderId"),
                definition("approve", 3, "orderId"), definition("other", 1, "orderId"));

        SagaRegistry highest = new SagaRegistry(definitions, type -> Optional.empty());
        SagaRegistry configured = new SagaRegistry(definitions, type -> type.equals("approve") ? Optional.of(1)
                : Optional.empty());

        assertThat(highest.types()).containsExactly("approve", "other");
        assertThat(highest.versions("approve")).containsExactly(1, 3);
        assertThat(highest.currentVersion("approve")).isEqualTo(3);
        assertThat(highest.current("approve").definition().version()).isEqualTo(3);
        assertThat(configured.currentVersion("approve")).isEqualTo(1);
        assertThat(configured.currentVersion("other")).isEqualTo(1);
    }

    @Test
    void aStoredSagaGetsItsOwnVersionAndAVersionNoLongerRegisteredGetsTheCurrentOneWhichRefusesIt() {
        SagaRegistry registry = new SagaRegistry(List.of(definition("approve", 1, "orderId"),
                definition("approve", 2, "orderId")), type -> Optional.of(2));

        assertThat(registry.engine("approve", 1).orElseThrow().definition().version()).isEqualTo(1);
        assertThat(registry.engine("approve", 2).orElseThrow().definition().version()).isEqualTo(2);
        assertThat(registry.engine("approve", 9).orElseThrow().definition().version()).isEqualTo(2);
        assertThat(registry.engine("unknown", 1)).isEmpty();
        assertThatThrownBy(() -> registry.current("unknown")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No saga definition of type 'unknown'");
    }

    @Test
    void refusesTwoDefinitionsOfOneVersionAVersionAboutAnotherKeyAndAnUnregisteredCurrentVersion() {
        assertThatThrownBy(() -> new SagaRegistry(List.of(definition("approve", 1, "orderId"),
                definition("approve", 1, "orderId"), definition("approve", 2, "customerId")),
                type -> Optional.of(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("approve v1 is registered twice")
                .hasMessageContaining("approve v2 is about order/customerId, v1 about order/orderId")
                .hasMessageContaining("saga.definitions.approve.current-version is 5, but approve has only versions"
                        + " [1, 2] registered");
    }

    @Test
    void aDefinitionIsAboutItsOwnTypeAndAKeyCalledKeyUnlessItSaysOtherwise() {
        SagaDefinition<String> plain = SagaDefinition.builder("approve", 1, String.class)
                .step("approve-order").pivot()
                .invoke(data -> new Command(Topics.ORDER_COMMANDS, new ApproveOrder(java.util.UUID.randomUUID())))
                .onReply(MessageTypes.ORDER_APPROVED).timeout(Duration.ofSeconds(1))
                .build();

        assertThat(plain.aggregateType()).isEqualTo("approve");
        assertThat(plain.keyName()).isEqualTo("key");
    }
}
