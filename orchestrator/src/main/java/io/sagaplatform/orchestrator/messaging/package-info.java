/**
 * The orchestrator's edges to Kafka, all through the shared messaging module: {@code OrderPlaced} on
 * {@code order.events} starts a saga, every reply type on {@code saga.replies} goes to its saga, and the
 * deadline poller wakes sagas whose timeout, retry or deadline has come. Beside the shared inbound channel, its own
 * channel reads the commands the participants dead-lettered ({@code *.commands.dlq}) and fails their sagas.
 */
package io.sagaplatform.orchestrator.messaging;
