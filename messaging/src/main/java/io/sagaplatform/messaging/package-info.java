/**
 * The messaging plumbing every service shares, written once: a state change and the messages it causes
 * are committed in one local transaction ({@link io.sagaplatform.messaging.outbox}); Debezium embedded in
 * the same JVM reads the outbox through logical replication and publishes it to Kafka
 * ({@link io.sagaplatform.messaging.relay}); every inbound message is de-duplicated in the transaction of
 * its effect ({@link io.sagaplatform.messaging.inbox}) and handed to a typed handler
 * ({@link io.sagaplatform.messaging.dispatch}). Business code never talks to Kafka.
 */
package io.sagaplatform.messaging;
