package io.sagaplatform.order.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The door's count: room is taken when a request is let through, not when its order is stored. */
class AdmissionTest {

    private static final int LIMIT = 3;

    @Test
    void aRequestLetThroughHoldsItsRoomUntilItIsAnsweredEvenBeforeItsOrderIsStored() {
        Admission door = door();
        for (int i = 0; i < LIMIT; i++) {
            assertThat(door.tryAdmit().admitted()).as("request %d", i).isTrue();
        }
        Admission.Decision refused = door.tryAdmit();
        assertThat(refused.admitted()).as("no order stored yet, but three requests are being placed").isFalse();
        assertThat(refused.inFlight()).isEqualTo(LIMIT);
        assertThat(door.inFlight()).as("a refused request takes no room").isEqualTo(LIMIT);

        door.left(); // e.g. answered 400: nothing placed
        assertThat(door.inFlight()).isEqualTo(LIMIT - 1);
        assertThat(door.tryAdmit().admitted()).isTrue();
        assertThat(door.accepting()).isFalse();
    }

    @Test
    void aPlacedOrderKeepsItsRoomAfterItsAnswerUntilTheDatabaseIsReadAgain() {
        Admission door = door();
        assertThat(door.tryAdmit().admitted()).isTrue();
        door.placed();
        door.left();
        assertThat(door.inFlight()).isEqualTo(1);
    }

    @Test
    void requestsCheckedAtTheSameMomentTakeTheirRoomOneAfterTheOther() throws Exception {
        int requests = 16;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            for (int round = 0; round < 50; round++) {
                Admission door = door();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> answers = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    Callable<Boolean> request = () -> {
                        start.await();
                        return door.tryAdmit().admitted();
                    };
                    answers.add(pool.submit(request));
                }
                start.countDown();
                int admitted = 0;
                for (Future<Boolean> answer : answers) {
                    admitted += answer.get() ? 1 : 0;
                }
                assertThat(admitted).as("round %d", round).isEqualTo(LIMIT);
                assertThat(door.inFlight()).isEqualTo(admitted);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Admission door() {
        return new Admission(null, new Fixed(), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    /** A fixed limit of {@value #LIMIT}. */
    private static final class Fixed implements AdmissionConfig {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public int maxInFlight() {
            return LIMIT;
        }

        @Override
        public Duration targetLatency() {
            return Duration.ZERO;
        }

        @Override
        public int minInFlight() {
            return 1;
        }

        @Override
        public Optional<Integer> initialInFlight() {
            return Optional.empty();
        }

        @Override
        public Duration window() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Duration refreshEvery() {
            return Duration.ofMillis(250);
        }

        @Override
        public Duration retryAfter() {
            return Duration.ofSeconds(1);
        }
    }
}
