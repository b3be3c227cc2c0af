/**
 * The orchestrator's edges to Kafka, all through the shared messaging module: {@code OrderPlaced} on
 * {@code order.events} starts a saga, every reply type on {@code saga.replies} goes to its saga, and the
 * deadline poller wakes sagas whose timeout, retry or deadline has come.
 */
package io.sagaplatform.orchestrator.messaging;
