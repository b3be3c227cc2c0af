package io.sagaplatform.messaging.participant;

/**
 * A service that takes part in sagas: a CDI bean that lists the commands it answers. The dispatcher decodes each
 * command, calls its handler in the inbox transaction and writes the returned {@link Reply} to the outbox on
 * {@code saga.replies}, keyed by the saga, with the command's saga context, causation and trace — the participant's
 * code sees neither envelopes nor the outbox.
 *
 * <pre>{@code
 * @ApplicationScoped
 * class ShippingParticipant implements SagaParticipant {
 *     public String aggregateType() { return "shipment"; }
 *     public void register(CommandTable commands) {
 *         commands.on(MessageTypes.SCHEDULE_SHIPMENT, this::schedule)
 *                 .on(MessageTypes.CANCEL_SHIPMENT, this::cancel);
 *     }
 *     Reply schedule(ScheduleShipment command) { ...; return Reply.about(command.orderId(), new ShipmentScheduled(...)); }
 * }
 * }</pre>
 */
public interface SagaParticipant {

    /** What the replies are about ("reservation", "payment"…): the aggregate type of their outbox rows. */
    String aggregateType();

    /** Registers a handler for every command this participant answers. */
    void register(CommandTable commands);
}
