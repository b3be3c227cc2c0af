/**
 * One trace per order across the CDC hop. The outbox row keeps the W3C {@code traceparent} (and
 * {@code tracestate}) of the span that wrote it, because Debezium reads the row from the WAL long after that
 * span's thread moved on; the relay publishes it as Kafka headers under a PRODUCER span of its own, and the
 * dispatcher continues it in the CONSUMER span that wraps the inbox transaction, so whatever a handler appends
 * to its outbox carries the same trace id onward.
 */
package io.sagaplatform.messaging.tracing;
