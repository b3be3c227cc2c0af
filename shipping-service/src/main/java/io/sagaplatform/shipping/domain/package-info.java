/**
 * Shipments and the rules that decide them: where the service delivers, at most one shipment per order, and
 * a cancellation that is remembered even when it arrives before the scheduling. No REST, Kafka or outbox here;
 * the two ports ({@link io.sagaplatform.shipping.domain.Shipments},
 * {@link io.sagaplatform.shipping.domain.UnserviceableCountries}) are implemented by the application layer.
 */
package io.sagaplatform.shipping.domain;
