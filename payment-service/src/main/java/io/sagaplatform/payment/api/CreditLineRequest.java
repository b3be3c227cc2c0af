package io.sagaplatform.payment.api;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT /customers/{id}}. The limit fits the {@code numeric(14,2)} column, so anything
 * accepted here can be stored; it may be sent as a JSON number or a string ({@code "250.00"}).
 */
@Schema(name = "CreditLineRequest", description = "The credit line to set")
public record CreditLineRequest(
        @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2)
        @Schema(examples = "250.00") BigDecimal creditLimit,

        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
        @Schema(examples = "EUR") String currency) {
}
