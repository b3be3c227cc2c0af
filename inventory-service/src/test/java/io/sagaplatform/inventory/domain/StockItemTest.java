package io.sagaplatform.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StockItemTest {

    @Test
    void reservingMovesQuantityFromAvailableToReservedAndKeepsTheTotal() {
        StockItem apple = StockItem.stocked("SKU-APPLE", 10);
        apple.reserve(4);
        assertThat(apple.available()).isEqualTo(6);
        assertThat(apple.reserved()).isEqualTo(4);
        assertThat(apple.total()).isEqualTo(10);
    }

    @Test
    void releasingMovesQuantityBackAndKeepsTheTotal() {
        StockItem apple = StockItem.stocked("SKU-APPLE", 10);
        apple.reserve(4);
        apple.release(3);
        assertThat(apple.available()).isEqualTo(9);
        assertThat(apple.reserved()).isEqualTo(1);
        assertThat(apple.total()).isEqualTo(10);
    }

    @Test
    void neverReservesMoreThanIsAvailable() {
        StockItem rare = StockItem.stocked("SKU-RARE", 3);
        assertThatThrownBy(() -> rare.reserve(4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only 3 available");
        assertThat(rare.available()).isEqualTo(3);
        assertThat(rare.reserved()).isZero();
    }

    @Test
    void neverReleasesMoreThanIsReserved() {
        StockItem rare = StockItem.stocked("SKU-RARE", 3);
        rare.reserve(1);
        assertThatThrownBy(() -> rare.release(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only 1 reserved");
        assertThat(rare.reserved()).isEqualTo(1);
    }

    @Test
    void refusesQuantitiesBelowOne() {
        StockItem apple = StockItem.stocked("SKU-APPLE", 10);
        assertThatThrownBy(() -> apple.reserve(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> apple.release(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingAvailableKeepsWhatIsReservedSoTheTotalFollows() {
        StockItem apple = StockItem.stocked("SKU-APPLE", 10);
        apple.reserve(4);
        apple.setAvailable(100);
        assertThat(apple.available()).isEqualTo(100);
        assertThat(apple.reserved()).isEqualTo(4);
        assertThat(apple.total()).isEqualTo(104);
    }

    @Test
    void availableStaysBetweenZeroAndOneBillion() {
        StockItem apple = StockItem.stocked("SKU-APPLE", 10);
        apple.setAvailable(0);
        apple.setAvailable(StockItem.MAX_AVAILABLE);
        assertThatThrownBy(() -> apple.setAvailable(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> apple.setAvailable(StockItem.MAX_AVAILABLE + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(apple.available()).isEqualTo(StockItem.MAX_AVAILABLE);
    }
}
