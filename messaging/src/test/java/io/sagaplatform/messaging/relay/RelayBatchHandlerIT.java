package io.sagaplatform.messaging.relay;

import static io.sagaplatform.messaging.relay.TestChanges.heartbeat;
import static io.sagaplatform.messaging.relay.TestChanges.outboxChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.debezium.engine.RecordChangeEvent;
import io.sagaplatform.testing.TestKafka;

/**
 * The relay's batch handler against the real broker: a batch is marked processed only once the broker
 * acknowledged all of it, and a batch that the broker refuses is never marked — nor is anything after it.
 */
class RelayBatchHandlerIT {

    private KafkaProducer<String, byte[]> producer;
    private final TestChanges.RecordingCommitter committer = new TestChanges.RecordingCommitter();
    private final AtomicLong published = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private RelayBatchHandler handler;

    @BeforeEach
    void producerWithASmallRequestLimit() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4096),
                new StringSerializer(), new ByteArraySerializer());
        handler = new RelayBatchHandler(producer::send, Duration.ofSeconds(30), java.time.Clock.systemUTC(),
                publications -> published.addAndGet(publications.size()), failure::set,
                io.sagaplatform.messaging.tracing.MessageTracing.passThrough());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void marksABatchProcessedOnlyAfterTheBrokerAcknowledgedIt() throws InterruptedException {
        List<RecordChangeEvent<SourceRecord>> batch = List.of(outboxChange("{\"n\":1}"), heartbeat(),
                outboxChange("{\"n\":2}"));

        handler.handleBatch(batch, committer);

        assertThat(committer.marked).containsExactlyElementsOf(batch);
        assertThat(committer.batchesFinished).isEqualTo(1);
        assertThat(published.get()).as("heartbeats are marked but not published").isEqualTo(2);
    }

    @Test
    void aBatchTheBrokerRefusesIsNotMarkedAndNoLaterBatchIsEither() {
        String tooLarge = "{\"blob\":\"" + "x".repeat(10_000) + "\"}";
        List<RecordChangeEvent<SourceRecord>> batch = List.of(outboxChange("{\"n\":1}"), outboxChange(tooLarge));

        assertThatThrownBy(() -> handler.handleBatch(batch, committer)).isInstanceOf(IllegalStateException.class);
        assertThat(committer.marked).isEmpty();
        assertThat(failure.get()).isInstanceOf(RecordTooLargeException.class);

        assertThatThrownBy(() -> handler.handleBatch(List.of(outboxChange("{\"n\":3}")), committer))
                .hasMessageContaining("waiting for restart");
        assertThat(committer.marked).isEmpty();
        assertThat(committer.batchesFinished).isZero();
    }
}
