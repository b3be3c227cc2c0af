/**
 * The inbox: each consumer remembers the ids of the messages it applied, in the same transaction as their
 * effect, so a redelivered message (delivery is at least once) changes nothing the second time. Old ids
 * and old outbox rows are purged after a retention window.
 */
package io.sagaplatform.messaging.inbox;
