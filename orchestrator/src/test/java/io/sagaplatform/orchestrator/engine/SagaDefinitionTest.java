package io.sagaplatform.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.order.ApproveOrder;

class SagaDefinitionTest {

    private static final Duration T = Duration.ofSeconds(5);

    private static Command approve(String data) {
        return new Command(Topics.ORDER_COMMANDS, new ApproveOrder(java.util.UUID.randomUUID()));
    }

    @Test
    void listsEveryProblemOfAnInvalidDefinition() {
        assertThatThrownBy(() -> SagaDefinition.builder("Bad Name", 0, String.class)
                .step("a").compensatable().invoke(SagaDefinitionTest::approve).timeout(T)
                .step("a").retriable().invoke(SagaDefinitionTest::approve).onReply(MessageTypes.ORDER_APPROVED)
                .failsOn(MessageTypes.ORDER_REJECTED, r -> "no")
                .build())
                .isInstanceOfSatisfying(InvalidSagaDefinition.class, e -> assertThat(e.problems()).contains(
                        "name must be lower-case kebab-case, was 'Bad Name'",
                        "version must be at least 1, was 0",
                        "step 'a': step names must be unique",
                        "step 'a': sends a command but declares no success reply",
                        "step 'a': is compensatable but has no compensation",
                        "step 'a': retriable steps cannot fail by business rules; remove the failure replies",
                        "retriable steps need a pivot step before them"));
    }

    @Test
    void refusesACompensatableStepAfterThePivot() {
        assertThatThrownBy(() -> SagaDefinition.builder("s", 1, String.class)
                .step("p").pivot().invoke(SagaDefinitionTest::approve).onReply(MessageTypes.ORDER_APPROVED).timeout(T)
                .step("c").compensatable().invoke(SagaDefinitionTest::approve).onReply(MessageTypes.ORDER_APPROVED)
                .compensateWith((d, r) -> approve(d), MessageTypes.ORDER_REJECTED).timeout(T)
                .build())
                .hasMessageContaining("COMPENSATABLE cannot follow a PIVOT step");
    }

    @Test
    void refusesAStepWithoutTimeoutAndAReplyThatBothSucceedsAndFails() {
        assertThatThrownBy(() -> SagaDefinition.builder("s", 1, String.class)
                .step("p").pivot().invoke(SagaDefinitionTest::approve).onReply(MessageTypes.ORDER_APPROVED)
                .failsOn(MessageTypes.ORDER_APPROVED, r -> "?")
                .build())
                .hasMessageContaining("has no positive timeout")
                .hasMessageContaining("reply order.OrderApproved is declared more than once");
    }

    @Test
    void refusesTwoPivots() {
        assertThatThrownBy(() -> SagaDefinition.builder("s", 1, String.class)
                .step("p").pivot().invoke(SagaDefinitionTest::approve).onReply(MessageTypes.ORDER_APPROVED).timeout(T)
                .step("q").pivot().invoke(SagaDefinitionTest::approve).onReply(MessageTypes.ORDER_APPROVED).timeout(T)
                .build())
                .hasMessageContaining("at most one pivot step, found 2");
    }

    private static SagaDefinition.StepBuilder<String> compensatable(SagaDefinition.Builder<String> saga, String name) {
        return saga.step(name).compensatable().invoke(SagaDefinitionTest::approve).onReply(MessageTypes.ORDER_APPROVED)
                .compensateWith((d, r) -> approve(d), MessageTypes.ORDER_REJECTED).timeout(T);
    }

    @Test
    void groupsStepsDeclaredInParallelIntoOneStage() {
        SagaDefinition.Builder<String> saga = SagaDefinition.builder("s", 1, String.class);
        compensatable(saga, "a");
        compensatable(saga, "b").inParallelWith("a");
        compensatable(saga, "c").inParallelWith("b");
        compensatable(saga, "d");
        SagaDefinition<String> definition = saga.build();
        assertThat(definition.stages()).extracting(stage -> stage.stream().map(StepDefinition::name).toList())
                .containsExactly(java.util.List.of("a", "b", "c"), java.util.List.of("d"));
        assertThat(definition.step("c")).hasValueSatisfying(c -> assertThat(c.stage()).isZero());
    }

    @Test
    void refusesAParallelStepThatDoesNotFollowItsPartner() {
        SagaDefinition.Builder<String> saga = SagaDefinition.builder("s", 1, String.class);
        compensatable(saga, "a");
        compensatable(saga, "b");
        compensatable(saga, "c").inParallelWith("a");
        assertThatThrownBy(saga::build).hasMessageContaining(
                "step 'c': runs in parallel with 'a', which must be the step declared just before it");
    }

    @Test
    void refusesACompensatableStepBesideThePivotAndAPivotThatCanFailBesideAnything() {
        SagaDefinition.Builder<String> saga = SagaDefinition.builder("s", 1, String.class);
        compensatable(saga, "a");
        saga.step("p").pivot().inParallelWith("a").invoke(SagaDefinitionTest::approve)
                .onReply(MessageTypes.ORDER_APPROVED).failsOn(MessageTypes.ORDER_REJECTED, r -> "no").timeout(T)
                .step("r").retriable().inParallelWith("p").invoke(SagaDefinitionTest::approve)
                .onReply(MessageTypes.PAYMENT_CAPTURED).timeout(T).retry(RetryPolicy.exponential(5, T, T));
        assertThatThrownBy(saga::build)
                .hasMessageContaining("compensatable steps cannot run in parallel with the pivot or retriable steps")
                .hasMessageContaining("the pivot 'p' can fail by business rules, so it must run alone");
    }

    @Test
    void acceptsAPivotThatCannotFailBesideARetriableStep() {
        SagaDefinition.Builder<String> saga = SagaDefinition.builder("s", 1, String.class);
        compensatable(saga, "a");
        saga.step("p").pivot().invoke(SagaDefinitionTest::approve).onReply(MessageTypes.ORDER_APPROVED).timeout(T)
                .step("r").retriable().inParallelWith("p").invoke(SagaDefinitionTest::approve)
                .onReply(MessageTypes.PAYMENT_CAPTURED).timeout(T).retry(RetryPolicy.exponential(5, T, T));
        assertThat(saga.build().stages()).hasSize(2);
    }

    @Test
    void theRetryBackoffDoublesUpToItsCap() {
        RetryPolicy policy = RetryPolicy.exponential(10, Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoffAfter(40)).isEqualTo(Duration.ofSeconds(5));
    }
}
