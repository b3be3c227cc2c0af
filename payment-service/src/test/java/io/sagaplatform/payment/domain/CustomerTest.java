package io.sagaplatform.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class CustomerTest {

    private static Customer bob() {
        return Customer.open("bob", "EUR", new BigDecimal("50"));
    }

    @Test
    void aNewCreditLineHoldsNothingAndKeepsTwoDecimals() {
        Customer bob = bob();
        assertThat(bob.creditLimit()).isEqualTo(new BigDecimal("50.00"));
        assertThat(bob.held()).isEqualTo(new BigDecimal("0.00"));
        assertThat(bob.available()).isEqualTo(new BigDecimal("50.00"));
    }

    @Test
    void coversAnAmountUpToExactlyWhatIsAvailable() {
        Customer bob = bob();
        bob.hold(new BigDecimal("20.00"), "EUR");
        assertThat(bob.shortfall(new BigDecimal("30.00"), "EUR")).isEmpty();
        assertThat(bob.shortfall(new BigDecimal("30.01"), "EUR"))
                .contains("requested 30.01 EUR, available 30.00 EUR");
    }

    @Test
    void hasNoCreditInAnotherCurrency() {
        assertThat(bob().shortfall(new BigDecimal("1.00"), "USD"))
                .hasValueSatisfying(why -> assertThat(why).startsWith("no credit line in USD"));
    }

    @Test
    void refusesToHoldMoreThanIsAvailable() {
        Customer bob = bob();
        assertThatThrownBy(() -> bob.hold(new BigDecimal("50.01"), "EUR")).isInstanceOf(PaymentRuleViolation.class)
                .hasMessageContaining("available 50.00 EUR");
        assertThat(bob.held()).isEqualByComparingTo("0.00");
    }

    @Test
    void neverReleasesMoreThanIsHeld() {
        Customer bob = bob();
        bob.hold(new BigDecimal("10.00"), "EUR");
        assertThatThrownBy(() -> bob.release(new BigDecimal("10.01"))).isInstanceOf(IllegalStateException.class);
        assertThat(bob.held()).isEqualByComparingTo("10.00");
    }

    @Test
    void refusesACreditLimitBelowWhatIsHeld() {
        Customer bob = bob();
        bob.hold(new BigDecimal("40.00"), "EUR");
        assertThatThrownBy(() -> bob.changeCreditLine("EUR", new BigDecimal("39.99")))
                .isInstanceOf(PaymentRuleViolation.class)
                .hasMessage("A credit limit of 39.99 EUR is below the 40.00 EUR bob already holds");
        assertThat(bob.creditLimit()).isEqualByComparingTo("50.00");

        bob.changeCreditLine("EUR", new BigDecimal("40"));
        assertThat(bob.creditLimit()).isEqualTo(new BigDecimal("40.00"));
        assertThat(bob.available()).isEqualByComparingTo("0.00");
    }

    @Test
    void changesCurrencyOnlyWhileNothingIsHeld() {
        Customer bob = bob();
        bob.hold(new BigDecimal("0.01"), "EUR");
        assertThatThrownBy(() -> bob.changeCreditLine("USD", new BigDecimal("100.00")))
                .isInstanceOf(PaymentRuleViolation.class).hasMessageContaining("cannot change to USD");
        assertThat(bob.currency()).isEqualTo("EUR");

        bob.release(new BigDecimal("0.01"));
        bob.changeCreditLine("USD", new BigDecimal("100.00"));
        assertThat(bob.currency()).isEqualTo("USD");
    }

    @Test
    void refusesNegativeOrSubCentLimitsAndMalformedCurrencies() {
        assertThatThrownBy(() -> Customer.open("x", "EUR", new BigDecimal("-0.01")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Customer.open("x", "EUR", new BigDecimal("1.005")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most two decimals");
        assertThatThrownBy(() -> Customer.open("x", "eur", BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
