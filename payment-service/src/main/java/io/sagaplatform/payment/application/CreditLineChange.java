package io.sagaplatform.payment.application;

import io.sagaplatform.payment.domain.Customer;

/** The customer after an operator set its credit line, and whether that opened it. */
public record CreditLineChange(Customer customer, boolean opened) {
}
