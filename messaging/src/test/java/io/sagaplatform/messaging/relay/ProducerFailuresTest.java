package io.sagaplatform.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class ProducerFailuresTest {

    @Test
    void aFatalProducerErrorSpoilsTheProducer() {
        assertThat(ProducerFailures.spoilProducer(new ProducerFencedException("fenced by a newer epoch"))).isTrue();
        assertThat(ProducerFailures.spoilProducer(new ClusterAuthorizationException("IDEMPOTENT_WRITE"))).isTrue();
        assertThat(ProducerFailures.spoilProducer(new TopicAuthorizationException("order.events"))).isTrue();
        assertThat(ProducerFailures.spoilProducer(new OutOfOrderSequenceException("sequence gap"))).isTrue();
        assertThat(ProducerFailures.spoilProducer(
                new IllegalStateException("Cannot perform operation after producer has been closed"))).isTrue();
    }

    @Test
    void aFailureNobodyClassifiedSpoilsTheProducerToo() {
        // the relay's own wait outlived the producer's delivery timeout: the producer is stuck
        assertThat(ProducerFailures.spoilProducer(new java.util.concurrent.TimeoutException())).isTrue();
        assertThat(ProducerFailures.spoilProducer(new StackOverflowError())).isTrue();
    }

    @Test
    void aRefusedRecordOrATransientConditionLeavesTheProducerAsItIs() {
        assertThat(ProducerFailures.spoilProducer(new RecordTooLargeException("10 kB > max.request.size"))).isFalse();
        assertThat(ProducerFailures.spoilProducer(new TimeoutException("delivery.timeout.ms expired"))).isFalse();
        assertThat(ProducerFailures.spoilProducer(new NotEnoughReplicasException("ISR too small"))).isFalse();
    }
}
