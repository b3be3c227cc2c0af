package io.sagaplatform.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.sagaplatform.orchestrator.application.SagaChanged;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

class SagaStreamTest {

    @Test
    void aSubscriberThatRequestsOneChangeAtATimeStillReceivesABurstOfChanges() {
        SagaStream stream = new SagaStream();
        // An SSE connection requests the next event only when the previous one was written.
        AssertSubscriber<SagaChanged> subscriber = stream.changes().subscribe().withSubscriber(AssertSubscriber.create(1));

        for (int i = 0; i < 100; i++) {
            stream.onCommitted(new SagaChanged(UUID.randomUUID(), "place-order", UUID.randomUUID(), "RUNNING",
                    "reserve-inventory", Instant.now()));
        }
        subscriber.request(99);

        subscriber.assertNotTerminated();
        assertThat(subscriber.getItems()).hasSize(100);
    }
}
