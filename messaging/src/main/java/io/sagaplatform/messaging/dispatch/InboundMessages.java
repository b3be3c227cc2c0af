package io.sagaplatform.messaging.dispatch;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * The service's single inbound channel ({@code saga-inbound}, SmallRye Kafka connector, topics from
 * {@code saga.messaging.inbound-topics}). Records are processed one after another in partition order on a
 * worker thread and acknowledged — their offsets committed — only after {@link MessageDispatcher} has
 * applied, de-duplicated or dead-lettered them.
 */
@ApplicationScoped
public class InboundMessages {

    public static final String CHANNEL = "saga-inbound";

    private final MessageDispatcher dispatcher;

    InboundMessages(MessageDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void receive(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(record);
    }
}
