/**
 * Stock items and reservations, and the rules between them: a reservation is all or nothing, a release
 * undoes a reservation exactly once, and a release that comes first cancels the order's reservation for
 * good. No REST, Kafka or outbox here.
 */
package io.sagaplatform.inventory.domain;
