/**
 * From a Kafka record to a typed handler: the envelope is read from the CloudEvents headers, the type and
 * schema version are checked, the payload is decoded against its JSON Schema, and the handler runs in one
 * transaction with the inbox entry. What cannot be read goes to {@code <topic>.dlq} with the reason in its
 * headers; what fails for a passing reason (database down, lock conflict) is retried in place.
 */
package io.sagaplatform.messaging.dispatch;
