/**
 * The outbox relay: Debezium embedded in the service's JVM reads inserts into the {@code outbox} table from
 * a logical replication slot (pgoutput, a publication over just the outbox and heartbeat tables), the
 * EventRouter SMT turns each row into a routed record, and a durable Kafka producer publishes it. A change
 * is marked processed — and the slot allowed to move past it — only after the broker acknowledged it; a
 * failed send stops the engine, which restarts from the last committed position. Delivery is therefore at
 * least once; consumers de-duplicate through the inbox.
 */
package io.sagaplatform.messaging.relay;
