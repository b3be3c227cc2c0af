package io.sagaplatform.contracts.common;

import java.math.BigDecimal;

/**
 * One line of a placed order: what was bought, how many, at what unit price (in the order's currency,
 * exact to the cent).
 */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {
}
