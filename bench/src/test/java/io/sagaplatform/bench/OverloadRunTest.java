package io.sagaplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The recovery rule of the overload run and where its slow 429s fell, on made-up arrivals. */
class OverloadRunTest {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    /** One order every 100 ms from {@code from} to {@code to}, each taking {@code latencyMs}. */
    private static void orders(List<StepRun.Ended> ended, long from, long to, long latencyMs) {
        for (long due = from; due < to; due += 100 * MS) {
            ended.add(new StepRun.Ended(due, due + latencyMs * MS, false));
        }
    }

    @Test
    void recoveryIsTheFirstWindowFromWhichOnNothingIsRefusedAndTheP99IsSteady() {
        List<StepRun.Ended> ended = new ArrayList<>();
        orders(ended, 0, 20 * S, 4_000); // the backlog of the overload drains
        orders(ended, 20 * S, 120 * S, 300);
        List<Long> refused = List.of(2 * S, 7 * S, 12 * S); // the door still refused while the backlog drained

        OverloadRun.Recovery recovery = OverloadRun.recovery(ended, refused, 0, 120 * S);

        assertThat(recovery.steadyP99Millis()).isEqualTo(300.0);
        assertThat(recovery.seconds()).isEqualTo(20.0);
        assertThat(recovery.windows()).hasSize(24);
    }

    @Test
    void aLatencySpikeAfterRecoveringMovesTheRecoveryLater() {
        List<StepRun.Ended> ended = new ArrayList<>();
        orders(ended, 0, 50 * S, 300);
        orders(ended, 50 * S, 55 * S, 2_000);
        orders(ended, 55 * S, 120 * S, 300);

        assertThat(OverloadRun.recovery(ended, List.of(), 0, 120 * S).seconds()).isEqualTo(55.0);
    }

    @Test
    void noSteadyStateMeansNoRecovery() {
        List<StepRun.Ended> ended = new ArrayList<>();
        orders(ended, 0, 60 * S, 300);
        List<Long> refused = new ArrayList<>();
        for (long due = 0; due < 120 * S; due += S) {
            refused.add(due);
        }
        assertThat(OverloadRun.recovery(ended, refused, 0, 120 * S).seconds()).isNull();
    }

    @Test
    void slowRefusalsAreListedByTheWindowTheyWereDueInAndOnlyWhereThereAreAny() {
        long start = 1_000 * S;
        List<StepRun.Refusal> refusals = List.of(
                new StepRun.Refusal(start + 1 * S, 80_000), new StepRun.Refusal(start + 2 * S, 3_000),
                new StepRun.Refusal(start + 4 * S, 51_000), new StepRun.Refusal(start + 7 * S, 50_000),
                new StepRun.Refusal(start + 12 * S, 2_000), new StepRun.Refusal(start + 31 * S, 120_500));
        assertThat(OverloadRun.slowRefusals(refusals, start)).containsExactly(
                "+  0s: 2 of 3 429s over 50 ms, max 80 ms",
                "+ 30s: 1 of 1 429s over 50 ms, max 121 ms");
    }
}
