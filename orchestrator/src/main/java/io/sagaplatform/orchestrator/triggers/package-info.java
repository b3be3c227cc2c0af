/**
 * What moves a saga on, for every registered saga — its Kafka edges (through the shared messaging module) and its
 * clock (named triggers, not "messaging", so as not to be taken for that module):
 * every reply type a registered definition accepts on {@code saga.replies} goes to its saga, and the
 * deadline poller wakes sagas whose timeout, retry or deadline has come. Beside the shared inbound channel, its own
 * channel reads the commands the participants dead-lettered ({@code *.commands.dlq}) and fails their sagas.
 * What starts a saga belongs to that saga's package (e.g. {@code placeorder/PlaceOrderStarter}).
 */
package io.sagaplatform.orchestrator.triggers;
