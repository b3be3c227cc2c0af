package io.sagaplatform.messaging.dispatch;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * The service's single inbound channel ({@code saga-inbound}, SmallRye Kafka connector, topics from
 * {@code saga.messaging.inbound-topics}). Each poll arrives as one batch, processed in partition order on a
 * worker thread ({@link MessageDispatcher#dispatchAll}: one transaction for the batch when it can) and
 * acknowledged — its offsets committed — only after every record of it was applied, found duplicate or
 * dead-lettered.
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
    public void receive(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        dispatcher.dispatchAll(batch);
    }
}
