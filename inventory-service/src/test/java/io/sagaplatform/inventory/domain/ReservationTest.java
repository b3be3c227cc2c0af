package io.sagaplatform.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ReservationTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final UUID ORDER = UUID.fromString("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e");

    private final StockItem apple = StockItem.stocked("SKU-APPLE", 10);
    private final StockItem rare = StockItem.stocked("SKU-RARE", 3);
    private final Map<String, StockItem> stock = new TreeMap<>(Map.of("SKU-APPLE", apple, "SKU-RARE", rare));

    private static ReservationLine line(String sku, int quantity) {
        return new ReservationLine(sku, quantity);
    }

    private Reservation reserved(ReservationLine... lines) {
        ReservationOutcome outcome = Reservation.reserve(ORDER, List.of(lines), stock, NOW);
        assertThat(outcome).isInstanceOf(ReservationOutcome.Reserved.class);
        return ((ReservationOutcome.Reserved) outcome).reservation();
    }

    @Test
    void reservesEveryLine() {
        Reservation reservation = reserved(line("SKU-APPLE", 2), line("SKU-RARE", 3));

        assertThat(reservation.status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(reservation.lines()).extracting(ReservationLine::sku, ReservationLine::quantity)
                .containsExactly(tuple("SKU-APPLE", 2),
                        tuple("SKU-RARE", 3));
        assertThat(apple.available()).isEqualTo(8);
        assertThat(rare.available()).isZero();
        assertThat(rare.reserved()).isEqualTo(3);
    }

    @Test
    void countsTheSameSkuOnTwoLinesAsTheirSum() {
        Reservation reservation = reserved(line("SKU-APPLE", 2), line("SKU-APPLE", 5));
        assertThat(reservation.lines()).singleElement().satisfies(l -> assertThat(l.quantity()).isEqualTo(7));
        assertThat(apple.reserved()).isEqualTo(7);

        ReservationOutcome outcome = Reservation.reserve(UUID.randomUUID(),
                List.of(line("SKU-RARE", 2), line("SKU-RARE", 2)), stock, NOW);
        assertThat(outcome).isEqualTo(new ReservationOutcome.Refused(RefusalReason.OUT_OF_STOCK,
                "SKU-RARE: requested 4, available 3"));
    }

    @Test
    void oneShortLineRefusesTheWholeReservationAndReservesNothing() {
        ReservationOutcome outcome = Reservation.reserve(ORDER, List.of(line("SKU-APPLE", 2), line("SKU-RARE", 4)),
                stock, NOW);

        assertThat(outcome).isEqualTo(new ReservationOutcome.Refused(RefusalReason.OUT_OF_STOCK,
                "SKU-RARE: requested 4, available 3"));
        assertThat(apple.available()).isEqualTo(10);
        assertThat(apple.reserved()).isZero();
    }

    @Test
    void namesEveryShortSku() {
        ReservationOutcome outcome = Reservation.reserve(ORDER, List.of(line("SKU-APPLE", 11), line("SKU-RARE", 4)),
                stock, NOW);
        assertThat(((ReservationOutcome.Refused) outcome).detail())
                .isEqualTo("SKU-APPLE: requested 11, available 10; SKU-RARE: requested 4, available 3");
    }

    @Test
    void anUnknownSkuIsRefusedByNameBeforeAnyShortage() {
        ReservationOutcome outcome = Reservation.reserve(ORDER,
                List.of(line("SKU-RARE", 99), line("SKU-NOPE", 1), line("SKU-APPLE", 1)), stock, NOW);

        assertThat(outcome).isEqualTo(new ReservationOutcome.Refused(RefusalReason.UNKNOWN_SKU,
                "Unknown SKU SKU-NOPE"));
        assertThat(apple.reserved()).isZero();
    }

    @Test
    void aRefusalsDetailFitsInAFailureReply() {
        List<ReservationLine> hundredUnknown = IntStream.range(0, 100)
                .mapToObj(i -> line("SKU-" + "X".repeat(55) + "-" + i, 1)).toList();
        ReservationOutcome.Refused refused = (ReservationOutcome.Refused) Reservation.reserve(ORDER, hundredUnknown,
                stock, NOW);
        assertThat(refused.detail()).hasSize(ReservationOutcome.Refused.MAX_DETAIL).startsWith("Unknown SKUs ")
                .endsWith("…");
    }

    @Test
    void reservingAgainWhileHeldAnswersReservedWithoutReservingTwice() {
        Reservation reservation = reserved(line("SKU-APPLE", 2));
        assertThat(reservation.reserveAgain()).isEqualTo(new ReservationOutcome.Reserved(reservation));
        assertThat(apple.reserved()).isEqualTo(2);
    }

    @Test
    void releasingGivesTheStockBackExactlyOnce() {
        Reservation reservation = reserved(line("SKU-APPLE", 2), line("SKU-RARE", 1));

        assertThat(reservation.release(stock, NOW.plusSeconds(1))).isTrue();
        assertThat(reservation.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(reservation.releasedAt()).contains(NOW.plusSeconds(1));
        assertThat(apple.available()).isEqualTo(10);
        assertThat(rare.available()).isEqualTo(3);

        assertThat(reservation.release(stock, NOW.plusSeconds(2))).isFalse();
        assertThat(apple.available()).isEqualTo(10);
        assertThat(apple.reserved()).isZero();
        assertThat(reservation.releasedAt()).contains(NOW.plusSeconds(1));
    }

    @Test
    void restockingGivesTheStockBackExactlyOnceAndTheTotalNeverMoves() {
        Reservation reservation = reserved(line("SKU-APPLE", 4), line("SKU-RARE", 1));

        assertThat(reservation.restock(stock, NOW.plusSeconds(60))).isTrue();
        assertThat(reservation.restock(stock, NOW.plusSeconds(90))).isFalse();

        assertThat(reservation.status()).isEqualTo(ReservationStatus.RESTOCKED);
        assertThat(reservation.releasedAt()).contains(NOW.plusSeconds(60));
        assertThat(apple.available()).isEqualTo(10);
        assertThat(apple.reserved()).isZero();
        assertThat(rare.total()).isEqualTo(3);
    }

    @Test
    void aRestockedReservationIsNotReleasedNorReservedAgain() {
        Reservation reservation = reserved(line("SKU-APPLE", 4));
        reservation.restock(stock, NOW);

        assertThat(reservation.release(stock, NOW)).isFalse();
        assertThat(reservation.reserveAgain()).isInstanceOfSatisfying(ReservationOutcome.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(RefusalReason.ORDER_CANCELLED));
        assertThat(apple.available()).isEqualTo(10);
    }

    @Test
    void aReservationThatHoldsNothingCannotBeRestocked() {
        Reservation released = reserved(line("SKU-APPLE", 4));
        released.release(stock, NOW);
        Reservation marker = Reservation.cancelledBeforeReserving(UUID.randomUUID(), NOW);

        assertThatThrownBy(() -> released.restock(stock, NOW)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is RELEASED");
        assertThatThrownBy(() -> marker.restock(stock, NOW)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is CANCELLED");
        assertThat(apple.available()).isEqualTo(10);
    }

    @Test
    void aReleasedReservationRefusesTheOrdersReservationAgain() {
        Reservation reservation = reserved(line("SKU-APPLE", 2));
        reservation.release(stock, NOW);

        ReservationOutcome again = reservation.reserveAgain();

        assertThat(again).isInstanceOf(ReservationOutcome.Refused.class);
        assertThat(((ReservationOutcome.Refused) again).reason()).isEqualTo(RefusalReason.ORDER_CANCELLED);
        assertThat(apple.reserved()).isZero();
    }

    @Test
    void aReleaseBeforeTheReservationLeavesAMarkerThatRefusesIt() {
        Reservation marker = Reservation.cancelledBeforeReserving(ORDER, NOW);

        assertThat(marker.status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(marker.lines()).isEmpty();
        assertThat(marker.release(stock, NOW)).as("nothing to undo").isFalse();
        ReservationOutcome late = marker.reserveAgain();
        assertThat(late).isInstanceOf(ReservationOutcome.Refused.class);
        assertThat(((ReservationOutcome.Refused) late).reason()).isEqualTo(RefusalReason.ORDER_CANCELLED);
        assertThat(((ReservationOutcome.Refused) late).detail()).contains("before any reservation");
    }

    @Test
    void releasingNeedsTheStockOfEveryLine() {
        Reservation reservation = reserved(line("SKU-APPLE", 2), line("SKU-RARE", 1));
        assertThatThrownBy(() -> reservation.release(Map.of("SKU-APPLE", apple), NOW))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SKU-RARE");
        assertThat(apple.reserved()).as("nothing released when a line's stock is missing").isEqualTo(2);
        assertThat(reservation.status()).isEqualTo(ReservationStatus.RESERVED);
    }

    @Test
    void locksStockInSkuOrder() {
        assertThat(Reservation.skus(List.of(line("SKU-PEAR", 1), line("SKU-APPLE", 1), line("SKU-PEAR", 2))))
                .containsExactly("SKU-APPLE", "SKU-PEAR");
    }

    @Test
    void refusesAReservationWithoutLinesOrWithAQuantityBelowOne() {
        assertThatThrownBy(() -> Reservation.reserve(ORDER, List.of(), stock, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> line("SKU-APPLE", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
