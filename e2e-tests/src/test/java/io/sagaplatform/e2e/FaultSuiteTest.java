package io.sagaplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sagaplatform.e2e.OrderMix.Cancellation;
import io.sagaplatform.e2e.OrderMix.PlannedOrder;
import io.sagaplatform.e2e.OrderMix.SagaPath;

/** The fault suite's own parts that need no running platform. */
class FaultSuiteTest {

    @Test
    void theSameSeedGivesTheSameOrders() {
        assertThat(OrderMix.of(42, 200, "k")).isEqualTo(OrderMix.of(42, 200, "k"));
        assertThat(OrderMix.of(42, 200, "k")).isNotEqualTo(OrderMix.of(43, 200, "k"));
    }

    @Test
    void aLoadOfAFewHundredOrdersTakesEveryPath() {
        List<PlannedOrder> orders = OrderMix.of(7, 300, "k");

        assertThat(orders).extracting(PlannedOrder::path).contains(SagaPath.values());
        assertThat(orders).extracting(PlannedOrder::key).doesNotHaveDuplicates();
        assertThat(orders).filteredOn(o -> o.path() == SagaPath.OUT_OF_STOCK)
                .allMatch(o -> o.sku().equals("SKU-SOLDOUT"));
        assertThat(orders).filteredOn(o -> o.path() == SagaPath.PAYMENT_DECLINED)
                .allMatch(o -> o.customer().equals("carol"));
        assertThat(orders).filteredOn(o -> o.path() == SagaPath.UNSERVICEABLE)
                .allMatch(o -> List.of("AQ", "KP").contains(o.country()));
        assertThat(orders).filteredOn(o -> o.path() == SagaPath.HAPPY)
                .allMatch(o -> o.customer().equals("alice") && o.country().equals("FR"));
    }

    @Test
    void onlyHappyOrdersAreCancelledSomeAfterTheirDispatchAndTheSeedDoesNotMoveThePaths() {
        List<PlannedOrder> orders = OrderMix.of(7, 300, "k");

        assertThat(orders).filteredOn(o -> o.cancellation() != Cancellation.NONE)
                .allMatch(o -> o.path() == SagaPath.HAPPY)
                .extracting(PlannedOrder::cancellation)
                .contains(Cancellation.CANCEL, Cancellation.DISPATCHED_THEN_CANCEL);
        assertThat(orders).filteredOn(o -> o.cancellation() == Cancellation.CANCEL).hasSizeGreaterThan(
                (int) orders.stream().filter(o -> o.cancellation() == Cancellation.DISPATCHED_THEN_CANCEL).count());
        assertThat(orders).extracting(PlannedOrder::cancellationKey).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(orders.stream().map(PlannedOrder::key).toList());
    }

    @Test
    void duplicatesAreSummedOverEveryTypeFromThePrometheusScrape() {
        String scrape = """
                # TYPE saga_dispatch_messages_total counter
                saga_dispatch_messages_total{outcome="APPLIED",service="payment-service",type="payment.AuthorizePayment"} 40.0
                saga_dispatch_messages_total{outcome="DUPLICATE",service="payment-service",type="payment.AuthorizePayment"} 3.0
                saga_dispatch_messages_total{outcome="DUPLICATE",service="payment-service",type="payment.CapturePayment"} 2.0
                saga_dispatch_duration_seconds_count{outcome="DUPLICATE",service="payment-service",type="payment.CapturePayment"} 2.0
                """;

        assertThat(DuplicateCounter.duplicates(scrape)).isEqualTo(5.0);
    }

    @Test
    void anExemplarAfterTheValueIsNotCounted() {
        String scrape = """
                saga_dispatch_messages_total{outcome="DUPLICATE",service="payment-service",type="payment.AuthorizePayment"} 3.0 # {span_id="5d1f",trace_id="9a3c"} 1.0 1763885000.123
                saga_dispatch_messages_total{outcome="DUPLICATE",service="payment-service",type="payment.CapturePayment"} 2.0
                """;

        assertThat(DuplicateCounter.duplicates(scrape)).isEqualTo(5.0);
    }
}
