package io.sagaplatform.orchestrator.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;

/**
 * A saga as data: its steps in order, read like the README describes the business process. Built with
 * {@link #builder}; {@link Builder#build()} validates the whole definition and refuses it with every
 * problem listed, so a broken saga never reaches production traffic.
 *
 * <p>Steps run one stage after another. A step declared {@link StepBuilder#inParallelWith inParallelWith} the
 * step before it joins that step's stage: the stage's commands are sent together and the stage succeeds when
 * all of its steps have. A stage holds only compensatable steps, or only retriable ones, or the pivot with
 * retriable steps when the pivot cannot fail by business rules (then the go decision is already taken when
 * the stage starts, and nothing in it ever needs undoing).
 *
 * <pre>{@code
 * SagaDefinition.builder("place-order", 1, PlaceOrderData.class)
 *     .step("reserve-inventory").compensatable()
 *         .invoke(d -> new Command(Topics.INVENTORY_COMMANDS, new ReserveInventory(...)))
 *         .onReply(MessageTypes.INVENTORY_RESERVED)
 *         .failsOn(MessageTypes.INVENTORY_RESERVATION_FAILED, r -> r.reason() + ": " + r.detail())
 *         .compensateWith((d, why) -> new Command(Topics.INVENTORY_COMMANDS, new ReleaseInventory(...)),
 *                 MessageTypes.INVENTORY_RELEASED)
 *         .timeout(Duration.ofSeconds(10)).retry(RetryPolicy.exponential(3, ...))
 *     .step(...)
 *     .build();
 * }</pre>
 */
public final class SagaDefinition<D> {

    private final String name;
    private final int version;
    private final Class<D> dataType;
    private final List<StepDefinition<D>> steps;
    private final List<List<StepDefinition<D>>> stages;
    private final Map<String, StepDefinition<D>> byName;
    private final Optional<Duration> deadline;
    private final String aggregateType;
    private final String keyName;

    private SagaDefinition(String name, int version, Class<D> dataType, List<StepDefinition<D>> steps,
            Optional<Duration> deadline, String aggregateType, String keyName) {
        this.name = name;
        this.version = version;
        this.dataType = dataType;
        this.aggregateType = aggregateType;
        this.keyName = keyName;
        this.steps = List.copyOf(steps);
        this.deadline = deadline;
        List<List<StepDefinition<D>>> grouped = new ArrayList<>();
        Map<String, StepDefinition<D>> names = new LinkedHashMap<>();
        for (StepDefinition<D> step : steps) {
            if (step.stage() == grouped.size()) {
                grouped.add(new ArrayList<>());
            }
            grouped.get(step.stage()).add(step);
            names.put(step.name(), step);
        }
        this.stages = grouped.stream().map(List::copyOf).toList();
        this.byName = Map.copyOf(names);
    }

    public static <D> Builder<D> builder(String name, int version, Class<D> dataType) {
        return new Builder<>(name, version, dataType);
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    public Class<D> dataType() {
        return dataType;
    }

    public List<StepDefinition<D>> steps() {
        return steps;
    }

    public StepDefinition<D> step(int index) {
        return steps.get(index);
    }

    /** The steps grouped by stage, in the order the stages run; a stage of one is a plain sequential step. */
    public List<List<StepDefinition<D>>> stages() {
        return stages;
    }

    public List<StepDefinition<D>> stage(int index) {
        return stages.get(index);
    }

    /** The step with this name, if the saga has one. */
    public Optional<StepDefinition<D>> step(String stepName) {
        return Optional.ofNullable(byName.get(stepName));
    }

    public int indexOf(String stepName) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).name().equals(stepName)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The kind of business object a saga of this type is about (e.g. {@code order}): the aggregate type of the
     * commands it sends, whose aggregate id is the saga's correlation key.
     */
    public String aggregateType() {
        return aggregateType;
    }

    /**
     * What the correlation key is called (e.g. {@code orderId}): the business key that identifies a saga of this
     * type — at most one saga per type and key — and that the dashboard shows and filters by.
     */
    public String keyName() {
        return keyName;
    }

    /** How long the whole saga may take before the steps not yet past the pivot are compensated. */
    public Optional<Duration> deadline() {
        return deadline;
    }

    /** Every message type a step of this saga accepts as a reply. */
    public Set<String> replyTypes() {
        Set<String> types = new HashSet<>();
        for (StepDefinition<D> step : steps) {
            types.addAll(step.successReplies().keySet());
            types.addAll(step.failureReplies().keySet());
            types.addAll(step.compensationReplies());
        }
        return types;
    }

    public static final class Builder<D> {
        private final String name;
        private final int version;
        private final Class<D> dataType;
        private final List<StepBuilder<D>> steps = new ArrayList<>();
        private Duration deadline;
        private String aggregateType;
        private String keyName = "key";

        private Builder(String name, int version, Class<D> dataType) {
            this.name = name;
            this.version = version;
            this.dataType = dataType;
        }

        public StepBuilder<D> step(String stepName) {
            StepBuilder<D> step = new StepBuilder<>(this, stepName);
            steps.add(step);
            return step;
        }

        public Builder<D> deadline(Duration value) {
            this.deadline = value;
            return this;
        }

        /**
         * What a saga of this type is about: the aggregate type its commands carry (default: the saga's name) and
         * the name of its correlation key (default {@code key}), e.g. {@code correlatedBy("order", "orderId")}.
         */
        public Builder<D> correlatedBy(String aggregate, String key) {
            this.aggregateType = aggregate;
            this.keyName = key;
            return this;
        }

        public SagaDefinition<D> build() {
            List<String> problems = new ArrayList<>();
            if (name == null || !name.matches("[a-z][a-z0-9-]{0,63}")) {
                problems.add("name must be lower-case kebab-case, was '" + name + "'");
            }
            if (version < 1) {
                problems.add("version must be at least 1, was " + version);
            }
            if (steps.isEmpty()) {
                problems.add("a saga needs at least one step");
            }
            if (deadline != null && (deadline.isZero() || deadline.isNegative())) {
                problems.add("deadline must be positive, was " + deadline);
            }
            if (aggregateType != null && !aggregateType.matches("[a-z][a-z0-9-]{0,63}")) {
                problems.add("aggregate type must be lower-case kebab-case, was '" + aggregateType + "'");
            }
            if (keyName == null || !keyName.matches("[a-z][A-Za-z0-9]{0,63}")) {
                problems.add("key name must be a camelCase identifier, was '" + keyName + "'");
            }
            Set<String> names = new HashSet<>();
            int pivots = 0;
            StepKind previous = StepKind.COMPENSATABLE;
            List<StepDefinition<D>> built = new ArrayList<>();
            List<StepBuilder<D>> stage = new ArrayList<>();
            int stageIndex = -1;
            for (StepBuilder<D> step : steps) {
                String where = "step '" + step.name + "': ";
                if (step.parallelWith == null) {
                    stage = new ArrayList<>();
                    stageIndex++;
                } else if (stage.stream().noneMatch(s -> s.name.equals(step.parallelWith))) {
                    problems.add(where + "runs in parallel with '" + step.parallelWith
                            + "', which must be the step declared just before it (or in that step's parallel group)");
                    stage = new ArrayList<>();
                    stageIndex++;
                }
                stage.add(step);
                step.stage = stageIndex;
                if (!names.add(step.name)) {
                    problems.add(where + "step names must be unique");
                }
                if (step.name == null || !step.name.matches("[a-z][a-z0-9-]{0,63}")) {
                    problems.add(where + "name must be lower-case kebab-case");
                }
                if (step.kind == StepKind.PIVOT) {
                    pivots++;
                }
                if (step.kind.ordinal() < previous.ordinal()) {
                    problems.add(where + step.kind + " cannot follow a " + previous
                            + " step (compensatable steps first, then the pivot, then retriable steps)");
                }
                previous = step.kind;
                step.validate(where, problems);
                built.add(step.toDefinition());
            }
            if (pivots > 1) {
                problems.add("a saga has at most one pivot step, found " + pivots);
            }
            validateStages(problems);
            if (pivots == 0 && steps.stream().anyMatch(s -> s.kind == StepKind.RETRIABLE)) {
                problems.add("retriable steps need a pivot step before them");
            }
            if (!problems.isEmpty()) {
                throw new InvalidSagaDefinition(name, problems);
            }
            return new SagaDefinition<>(name, version, dataType, built, Optional.ofNullable(deadline),
                    aggregateType == null ? name : aggregateType, keyName);
        }

        /** What may run side by side: see the class comment. */
        private void validateStages(List<String> problems) {
            Map<Integer, List<StepBuilder<D>>> byStage = new LinkedHashMap<>();
            steps.forEach(step -> byStage.computeIfAbsent(step.stage, i -> new ArrayList<>()).add(step));
            for (List<StepBuilder<D>> stage : byStage.values()) {
                if (stage.size() < 2) {
                    continue;
                }
                String where = "parallel group " + stage.stream().map(s -> s.name).toList() + ": ";
                if (stage.stream().anyMatch(s -> s.action == null)) {
                    problems.add(where + "a step without a command cannot run in parallel");
                }
                Set<StepKind> kinds = new HashSet<>();
                stage.forEach(s -> kinds.add(s.kind));
                if (kinds.contains(StepKind.COMPENSATABLE) && kinds.size() > 1) {
                    problems.add(where + "compensatable steps cannot run in parallel with the pivot or retriable steps"
                            + " (those could not be undone if a compensatable one failed)");
                }
                stage.stream().filter(s -> s.kind == StepKind.PIVOT && !s.failure.isEmpty() && stage.size() > 1)
                        .forEach(s -> problems.add(where + "the pivot '" + s.name + "' can fail by business rules, so it"
                                + " must run alone: the steps beside it could not be undone"));
            }
        }
    }

    /** Declares one step; every setter returns the step, {@link #step(String)} starts the next one. */
    public static final class StepBuilder<D> {
        private final Builder<D> saga;
        private final String name;
        private StepKind kind = StepKind.COMPENSATABLE;
        private Function<D, Command> action;
        private final Map<String, BiFunction<D, Message, D>> success = new LinkedHashMap<>();
        private final Map<String, Function<Message, String>> failure = new LinkedHashMap<>();
        private BiFunction<D, String, Command> compensation;
        private final Set<String> compensationReplies = new HashSet<>();
        private final List<String> duplicates = new ArrayList<>();
        private Duration timeout;
        private RetryPolicy retry = RetryPolicy.none();
        private String parallelWith;
        private int stage;

        private StepBuilder(Builder<D> saga, String name) {
            this.saga = saga;
            this.name = name;
        }

        public StepBuilder<D> compensatable() {
            kind = StepKind.COMPENSATABLE;
            return this;
        }

        public StepBuilder<D> pivot() {
            kind = StepKind.PIVOT;
            return this;
        }

        public StepBuilder<D> retriable() {
            kind = StepKind.RETRIABLE;
            return this;
        }

        /**
         * Runs this step in the same stage as {@code step}, the step declared just before it: both commands are
         * sent together, and the saga moves on when both succeeded.
         */
        public StepBuilder<D> inParallelWith(String step) {
            this.parallelWith = step;
            return this;
        }

        /** The command this step sends. A step without one only has a compensation. */
        public StepBuilder<D> invoke(Function<D, Command> command) {
            this.action = command;
            return this;
        }

        /** A reply that means success and leaves the saga data as it is. */
        public StepBuilder<D> onReply(MessageType<?> type) {
            return onReply(type, (data, reply) -> data);
        }

        /** A reply that means success and updates the saga data. */
        @SuppressWarnings("unchecked")
        public <R extends Message> StepBuilder<D> onReply(MessageType<R> type, BiFunction<D, R, D> update) {
            if (success.put(type.name(), (data, reply) -> update.apply(data, (R) reply)) != null
                    || failure.containsKey(type.name())) {
                duplicates.add(type.name());
            }
            return this;
        }

        /** A reply that means the step failed, and the reason recorded for it. */
        @SuppressWarnings("unchecked")
        public <R extends Message> StepBuilder<D> failsOn(MessageType<R> type, Function<R, String> reason) {
            if (failure.put(type.name(), reply -> reason.apply((R) reply)) != null || success.containsKey(type.name())) {
                duplicates.add(type.name());
            }
            return this;
        }

        /** How to undo this step (given the saga data and why the saga is compensating), and its confirmations. */
        public StepBuilder<D> compensateWith(BiFunction<D, String, Command> command, MessageType<?>... confirmations) {
            this.compensation = command;
            for (MessageType<?> type : confirmations) {
                compensationReplies.add(type.name());
            }
            return this;
        }

        /** How long to wait for a reply before the command is sent again (or its outcome declared unknown). */
        public StepBuilder<D> timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public StepBuilder<D> retry(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        public StepBuilder<D> step(String next) {
            return saga.step(next);
        }

        public Builder<D> deadline(Duration value) {
            return saga.deadline(value);
        }

        public Builder<D> correlatedBy(String aggregate, String key) {
            return saga.correlatedBy(aggregate, key);
        }

        public SagaDefinition<D> build() {
            return saga.build();
        }

        private void validate(String where, List<String> problems) {
            duplicates.forEach(type -> problems.add(where + "reply " + type + " is declared more than once"));
            if (action == null && compensation == null) {
                problems.add(where + "has neither a command nor a compensation");
            }
            if (action != null) {
                if (success.isEmpty()) {
                    problems.add(where + "sends a command but declares no success reply");
                }
                if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                    problems.add(where + "sends a command but has no positive timeout");
                }
            } else if (kind != StepKind.COMPENSATABLE) {
                problems.add(where + "a step without a command must be compensatable");
            }
            if (kind == StepKind.COMPENSATABLE && compensation == null) {
                problems.add(where + "is compensatable but has no compensation");
            }
            if (kind != StepKind.COMPENSATABLE && compensation != null) {
                problems.add(where + kind + " steps are never compensated; remove the compensation");
            }
            if (compensation != null && compensationReplies.isEmpty()) {
                problems.add(where + "compensation declares no confirming reply");
            }
            if (compensation != null && (timeout == null || timeout.isZero() || timeout.isNegative())) {
                problems.add(where + "compensation needs a positive timeout");
            }
            if (kind == StepKind.RETRIABLE && !failure.isEmpty()) {
                problems.add(where + "retriable steps cannot fail by business rules; remove the failure replies");
            }
            if (kind == StepKind.RETRIABLE && retry.maxAttempts() < 2) {
                problems.add(where + "retriable steps need a retry policy with more than one attempt");
            }
            compensationReplies.stream().filter(t -> success.containsKey(t) || failure.containsKey(t))
                    .forEach(t -> problems.add(where + "reply " + t + " cannot confirm both the step and its compensation"));
        }

        private StepDefinition<D> toDefinition() {
            return new StepDefinition<>(name, kind, Optional.ofNullable(action), Map.copyOf(success),
                    Map.copyOf(failure), Optional.ofNullable(compensation), Set.copyOf(compensationReplies),
                    timeout == null ? Duration.ZERO : timeout, retry, stage);
        }
    }
}
