package io.sagaplatform.messaging.dispatch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.messaging.MessagingConfig;
import io.sagaplatform.messaging.PlatformProducer;

/**
 * Parks a record that can never be processed on {@code <topic>.dlq}: same key, value and headers, plus
 * headers saying why, which consumer gave up and where the record came from. The send is acknowledged by
 * the broker before the original is committed, so a dead-lettered record is moved, never lost.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final int MAX_REASON = 1000;

    private final PlatformProducer producer;
    private final String consumer;

    DeadLetters(PlatformProducer producer, MessagingConfig config) {
        this.producer = producer;
        this.consumer = config.serviceName();
    }

    public void publish(ConsumerRecord<String, byte[]> record, String reason, Throwable cause) {
        String topic = Topics.deadLetter(record.topic());
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topic, null, record.key(), record.value());
        for (Header header : record.headers()) {
            dead.headers().add(header);
        }
        dead.headers()
                .add(Headers.DLQ_REASON, bytes(truncate(reason)))
                .add(Headers.DLQ_CONSUMER, bytes(consumer))
                .add(Headers.DLQ_ORIGINAL_TOPIC, bytes(record.topic()))
                .add(Headers.DLQ_ORIGINAL_PARTITION, bytes(Integer.toString(record.partition())))
                .add(Headers.DLQ_ORIGINAL_OFFSET, bytes(Long.toString(record.offset())));
        if (cause != null) {
            dead.headers().add(Headers.DLQ_EXCEPTION, bytes(truncate(stackTrace(cause))));
        }
        try {
            producer.send(dead).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while dead-lettering " + coordinates(record), e);
        } catch (ExecutionException | TimeoutException e) {
            // not acknowledged: the original must not be committed, it will be read and judged again
            throw new IllegalStateException("Could not dead-letter " + coordinates(record) + " to " + topic, e);
        }
        LOG.warnf("Dead-lettered %s to %s: %s", coordinates(record), topic, reason);
    }

    private static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String truncate(String value) {
        String text = value == null ? "" : value;
        return text.length() <= MAX_REASON * 4 ? text : text.substring(0, MAX_REASON * 4) + "…";
    }

    private static String stackTrace(Throwable cause) {
        StringWriter out = new StringWriter();
        cause.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
