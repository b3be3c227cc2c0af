/**
 * The transactional outbox: {@link io.sagaplatform.messaging.outbox.Outbox#append} writes a message as a
 * row of the service's own database inside the caller's transaction, so that the state change and the
 * message commit or roll back together. Nothing here talks to Kafka; the relay does.
 */
package io.sagaplatform.messaging.outbox;
