/**
 * The platform's wire contract: every message that crosses Kafka is a record in a sub-package of this
 * one, registered in {@link io.sagaplatform.contracts.MessageTypes} under a stable wire name and a
 * version, and described by a JSON Schema that lives next to it on the classpath.
 *
 * <p>This package holds the vocabulary shared by all services ({@link io.sagaplatform.contracts.Topics},
 * {@link io.sagaplatform.contracts.Headers}) and the single wire codec
 * ({@link io.sagaplatform.contracts.WireFormat}). It is deliberately behaviour-free: no framework, no
 * I/O beyond reading its own schemas, no business rules.
 */
package io.sagaplatform.contracts;
