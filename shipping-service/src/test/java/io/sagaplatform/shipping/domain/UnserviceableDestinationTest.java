package io.sagaplatform.shipping.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnserviceableDestinationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "XX", "UK", "fr", "FRA", "F", "" })
    void refusesACodeThatIsNotAnIsoAlpha2Country(String code) {
        assertThatThrownBy(() -> new UnserviceableDestination(code, "closed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO 3166-1");
    }

    @Test
    void acceptsTheSeededCountries() {
        assertThat(CountryCodes.isIsoAlpha2("AQ")).isTrue();
        assertThat(CountryCodes.isIsoAlpha2("KP")).isTrue();
    }

    @Test
    void keepsTheReasonWithoutSurroundingBlanks() {
        UnserviceableDestination destination = new UnserviceableDestination("GL", "  ice  ");
        assertThat(destination.reason()).isEqualTo("ice");
        destination.changeReason("thaw pending");
        assertThat(destination.reason()).isEqualTo("thaw pending");
    }

    @Test
    void refusesABlankOrOverlongReason() {
        assertThatThrownBy(() -> new UnserviceableDestination("GL", "   ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnserviceableDestination("GL", "x".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
