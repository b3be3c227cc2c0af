package io.sagaplatform.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.sagaplatform.orchestrator.application.SagaChanged;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

class SagaStreamTest {

    @Test
    void aSubscriberThatRequestsOneChangeAtATimeStillReceivesABurstOfChanges() {
        SagaStream stream = new SagaStream(10);
        // An SSE connection requests the next event only when the previous one was written.
        AssertSubscriber<SagaChanged> subscriber = stream.changes().subscribe().withSubscriber(AssertSubscriber.create(1));

        for (int i = 0; i < 100; i++) {
            stream.onCommitted(new SagaChanged(UUID.randomUUID(), "place-order", 2, UUID.randomUUID().toString(), "RUNNING",
                    "reserve-inventory", Instant.now()));
        }
        subscriber.request(99);

        subscriber.assertNotTerminated();
        assertThat(subscriber.getItems()).hasSize(100);
    }

    @Test
    void aClientBeyondTheCapIsRefusedUntilAnotherGoes() {
        SagaStream stream = new SagaStream(2);
        AssertSubscriber<SagaChanged> first = stream.changes().subscribe().withSubscriber(AssertSubscriber.create(1));
        stream.changes().subscribe().withSubscriber(AssertSubscriber.create(1));

        assertThatThrownBy(stream::changes).isInstanceOf(SagaStream.Full.class).hasMessageContaining("2 clients");
        assertThat(stream.subscribers()).isEqualTo(2);

        first.cancel();
        assertThat(stream.subscribers()).isEqualTo(1);
        AssertSubscriber<SagaChanged> next = stream.changes().subscribe().withSubscriber(AssertSubscriber.create(1));
        stream.onCommitted(new SagaChanged(UUID.randomUUID(), "place-order", 2, UUID.randomUUID().toString(), "RUNNING",
                "reserve-inventory", Instant.now()));
        assertThat(next.getItems()).hasSize(1);
    }
}
