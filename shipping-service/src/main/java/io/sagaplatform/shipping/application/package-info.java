/**
 * Use cases: the handlers of the sagas' {@code ScheduleShipment} / {@code CancelShipment} / {@code WithdrawShipment}
 * commands (inside the inbox transaction, replying through the outbox), the warehouse's dispatch, the persistence
 * behind the domain's ports, and the queries and administration the REST API serves.
 */
package io.sagaplatform.shipping.application;
