package io.sagaplatform.messaging.relay;

import static io.sagaplatform.messaging.relay.TestChanges.outboxChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.sagaplatform.messaging.tracing.MessageTracing;

/** The batch handler's guarantee without a broker: nothing after a failed send is marked, whatever the send threw. */
class RelayBatchHandlerTest {

    private final TestChanges.RecordingCommitter committer = new TestChanges.RecordingCommitter();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Test
    void anErrorThrownWhileSendingFailsTheBatchAndEveryLaterOneLikeAnyOtherFailure() {
        AtomicBoolean overflowOnce = new AtomicBoolean(true);
        RelayBatchHandler handler = new RelayBatchHandler(record -> {
            if (overflowOnce.getAndSet(false)) {
                throw new StackOverflowError("serializing a deeply nested payload");
            }
            return CompletableFuture.completedFuture(
                    new RecordMetadata(new TopicPartition(record.topic(), 0), 0, 0, 0, 0, 0));
        }, Duration.ofSeconds(1), Clock.systemUTC(), publications -> { }, failure::set, MessageTracing.passThrough());

        assertThatThrownBy(() -> handler.handleBatch(List.of(outboxChange("{\"n\":1}")), committer))
                .hasRootCauseInstanceOf(StackOverflowError.class);
        assertThat(failure.get()).isInstanceOf(StackOverflowError.class);
        assertThat(handler.failed()).isTrue();

        // the engine must not go on past the failed batch, even though the next send would succeed
        assertThatThrownBy(() -> handler.handleBatch(List.of(outboxChange("{\"n\":2}")), committer))
                .hasMessageContaining("waiting for restart");
        assertThat(committer.marked).isEmpty();
        assertThat(committer.batchesFinished).isZero();
    }
}
