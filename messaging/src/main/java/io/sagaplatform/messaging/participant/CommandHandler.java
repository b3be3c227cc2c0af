package io.sagaplatform.messaging.participant;

import io.sagaplatform.contracts.Message;

/**
 * Applies one saga command and returns the reply. Runs inside the transaction that also records the command in
 * the inbox and the reply in the outbox: the effect and its answer commit together, a redelivered command is not
 * applied again and gets the first answer again.
 *
 * <p>Business refusals (out of stock, declined) are replies. Throwing means the command could not be applied: a
 * transient failure is retried, a {@link io.sagaplatform.messaging.dispatch.DeadLetterException} parks it at once
 * with its reason, anything else is retried a few times and then dead-lettered.
 */
@FunctionalInterface
public interface CommandHandler<C extends Message> {

    Reply handle(C command);
}
