/**
 * Use cases: the handlers of the saga's {@code ScheduleShipment} / {@code CancelShipment} commands (inside the
 * inbox transaction, replying through the outbox), the persistence behind the domain's ports, and the queries
 * and administration the REST API serves.
 */
package io.sagaplatform.shipping.application;
