package io.sagaplatform.order.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {

    private static final Duration TARGET = Duration.ofSeconds(1);

    @Test
    void startsAtTheMinimumAndEarnsTheMaximumWhileDecisionsAreQuick() {
        AdaptiveLimit limit = new AdaptiveLimit(8, 50, 8, TARGET);
        assertThat(limit.current()).isEqualTo(8);
        for (int i = 0; i < 20; i++) {
            period(limit, 200, 20);
        }
        assertThat(limit.current()).isEqualTo(50);
    }

    @Test
    void startsWhereItIsToldWithinItsBounds() {
        assertThat(new AdaptiveLimit(8, 50, 50, TARGET).current()).isEqualTo(50);
        assertThat(new AdaptiveLimit(8, 50, 500, TARGET).current()).isEqualTo(50);
        assertThat(new AdaptiveLimit(8, 50, 2, TARGET).current()).isEqualTo(8);
    }

    /** A limit at the maximum, as after a quick start. */
    private static AdaptiveLimit warm() {
        AdaptiveLimit limit = new AdaptiveLimit(8, 50, 8, TARGET);
        while (limit.current() < 50) {
            period(limit, 100, 10);
        }
        return limit;
    }

    @Test
    void shrinksByAFifthPerPeriodWhileDecisionsTakeLongerThanTheTargetButNeverBelowTheMinimum() {
        AdaptiveLimit limit = warm();
        assertThat(period(limit, 3_300, 100)).isEqualTo(40);
        assertThat(period(limit, 3_300, 100)).isEqualTo(32);
        for (int i = 0; i < 20; i++) {
            period(limit, 3_300, 100);
        }
        assertThat(limit.current()).isEqualTo(8);
    }

    @Test
    void aSmallLimitStillShrinksByOne() {
        AdaptiveLimit limit = new AdaptiveLimit(1, 4, 1, TARGET);
        while (limit.current() < 4) {
            period(limit, 100, 10);
        }
        assertThat(period(limit, 2_000, 10)).isEqualTo(3);
        assertThat(period(limit, 2_000, 10)).isEqualTo(2);
    }

    @Test
    void followsTheNinetiethPercentileNotTheMean() {
        AdaptiveLimit limit = warm();
        for (int i = 0; i < 85; i++) {
            limit.decided(Duration.ofMillis(100));
        }
        for (int i = 0; i < 15; i++) {
            limit.decided(Duration.ofMillis(5_000)); // the slowest 15 %: the 90th percentile is 5 s
        }
        assertThat(limit.adjust()).isEqualTo(40);
    }

    @Test
    void growsBackByATenthPerPeriodWhileDecisionsAreWellWithinTheTarget() {
        AdaptiveLimit limit = new AdaptiveLimit(8, 50, 8, TARGET);
        for (int i = 0; i < 20; i++) {
            period(limit, 3_000, 50);
        }
        assertThat(limit.current()).isEqualTo(8);
        assertThat(period(limit, 200, 50)).isEqualTo(10);
        for (int i = 0; i < 40; i++) {
            period(limit, 200, 50);
        }
        assertThat(limit.current()).isEqualTo(50);
    }

    @Test
    void holdsBetweenHalfTheTargetAndTheTargetAndWithoutEvidence() {
        AdaptiveLimit limit = warm();
        period(limit, 3_000, 50);
        assertThat(period(limit, 700, 50)).as("inside the dead band").isEqualTo(40);
        assertThat(limit.adjust()).as("no order decided in the period").isEqualTo(40);
    }

    @Test
    void aTargetOfZeroKeepsTheMaximum() {
        AdaptiveLimit limit = new AdaptiveLimit(8, 50, 8, Duration.ZERO);
        assertThat(period(limit, 10_000, 100)).isEqualTo(50);
    }

    @Test
    void aMinimumAboveTheMaximumIsTheMaximum() {
        AdaptiveLimit limit = new AdaptiveLimit(8, 3, 8, TARGET);
        assertThat(limit.current()).isEqualTo(3);
        for (int i = 0; i < 5; i++) {
            period(limit, 5_000, 10);
        }
        assertThat(limit.current()).isEqualTo(3);
    }

    /** One period in which {@code decisions} orders each took {@code millis}; returns the limit after it. */
    private static int period(AdaptiveLimit limit, long millis, int decisions) {
        for (int i = 0; i < decisions; i++) {
            limit.decided(Duration.ofMillis(millis));
        }
        return limit.adjust();
    }
}
