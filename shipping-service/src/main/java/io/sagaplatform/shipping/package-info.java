/**
 * The shipping service: a participant of the {@code place-order} saga. It schedules a shipment for an order
 * ({@code ScheduleShipment}) unless the destination is unserviceable, and cancels it when the saga compensates
 * ({@code CancelShipment}), replying on {@code saga.replies} through its outbox.
 */
package io.sagaplatform.shipping;
