package io.sagaplatform.contracts.saga;

import io.sagaplatform.contracts.Message;

import java.util.UUID;

/** Lifecycle events of one saga instance, on {@code saga.events}, keyed by saga id. */
public sealed interface SagaEvent extends Message permits SagaStarted, SagaCompleted, SagaCompensated, SagaFailed {

    UUID sagaId();

    /** The saga definition's type, e.g. {@code place-order}. */
    String sagaType();

    UUID orderId();
}
