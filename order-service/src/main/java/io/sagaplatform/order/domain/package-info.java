/** The order aggregate and its rules; no REST, Kafka or outbox here. */
package io.sagaplatform.order.domain;
