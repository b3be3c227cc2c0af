package io.sagaplatform.payment.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one place that says what an amount and a currency may be. Amounts are exact with two decimals
 * ({@code 10.5} becomes {@code 10.50}, {@code 10.505} is refused rather than rounded: rounding money
 * silently is how ledgers drift) and never negative.
 */
final class Money {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private Money() {
    }

    static BigDecimal amount(BigDecimal value, String what) {
        Objects.requireNonNull(value, what);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(what + " must not be negative, was " + value.toPlainString());
        }
        try {
            return value.setScale(2, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " must have at most two decimals, was " + value.toPlainString());
        }
    }

    static String currency(String code) {
        if (code == null || !CURRENCY.matcher(code).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code such as EUR, was " + code);
        }
        return code;
    }

    static String format(BigDecimal amount, String currency) {
        return amount.toPlainString() + " " + currency;
    }
}
