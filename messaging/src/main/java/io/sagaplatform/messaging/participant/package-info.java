/**
 * The participant side of a saga in a few types: a {@link io.sagaplatform.messaging.participant.SagaParticipant}
 * registers a {@link io.sagaplatform.messaging.participant.CommandHandler} per command type, and each handler
 * returns its {@link io.sagaplatform.messaging.participant.Reply}. De-duplication, the reply's outbox row and
 * its replay on redelivery are the dispatcher's.
 */
package io.sagaplatform.messaging.participant;
