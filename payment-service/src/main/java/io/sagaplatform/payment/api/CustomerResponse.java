package io.sagaplatform.payment.api;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.sagaplatform.payment.domain.Customer;

/** A customer's credit line as the API shows it; {@code available = creditLimit - held}. */
@Schema(name = "Customer")
public record CustomerResponse(
        @Schema(examples = "alice") String customerId,
        @Schema(examples = "EUR") String currency,
        @Schema(examples = "1000.00") BigDecimal creditLimit,
        @Schema(description = "Held by open and captured authorizations", examples = "25.00") BigDecimal held,
        @Schema(examples = "975.00") BigDecimal available) {

    static CustomerResponse of(Customer customer) {
        return new CustomerResponse(customer.id(), customer.currency(), customer.creditLimit(), customer.held(),
                customer.available());
    }
}
