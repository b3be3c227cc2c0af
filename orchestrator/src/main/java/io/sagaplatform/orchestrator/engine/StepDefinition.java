package io.sagaplatform.orchestrator.engine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;

/**
 * One step of a saga definition: the command it sends, the replies that mean success (and how they
 * update the saga data) or failure (and the reason), its compensation and the replies that confirm it,
 * its timeout and retry policy, and the stage it runs in ({@link SagaDefinition#stages()}). Built by {@link SagaDefinition.Builder}; immutable.
 */
public record StepDefinition<D>(
        String name,
        StepKind kind,
        Optional<Function<D, Command>> action,
        Map<String, BiFunction<D, Message, D>> successReplies,
        Map<String, Function<Message, String>> failureReplies,
        Optional<BiFunction<D, String, Command>> compensation,
        Set<String> compensationReplies,
        Duration timeout,
        RetryPolicy retry,
        int stage) {

    public boolean hasAction() {
        return action.isPresent();
    }

    public boolean hasCompensation() {
        return compensation.isPresent();
    }

    boolean isSuccess(MessageType<?> type) {
        return successReplies.containsKey(type.name());
    }

    boolean isFailure(MessageType<?> type) {
        return failureReplies.containsKey(type.name());
    }

    boolean confirmsCompensation(MessageType<?> type) {
        return compensationReplies.contains(type.name());
    }
}
