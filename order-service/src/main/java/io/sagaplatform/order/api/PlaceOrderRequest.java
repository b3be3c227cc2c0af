package io.sagaplatform.order.api;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /orders}. The limits mirror the {@code OrderPlaced} wire schema, so anything
 * accepted here can be published.
 */
@Schema(name = "PlaceOrderRequest", description = "An order to place")
public record PlaceOrderRequest(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "must be letters, digits, '.', '_' or '-'")
        @Schema(examples = "alice") String customerId,

        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
        @Schema(examples = "EUR") String currency,

        @NotEmpty @Size(max = 100) List<@NotNull @Valid Line> lines,

        @NotNull @Valid Address shippingAddress) {

    @Schema(name = "OrderLineRequest")
    public record Line(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "must be letters, digits, '.', '_' or '-'")
            @Schema(examples = "SKU-APPLE") String sku,

            @NotNull @Min(1) @Max(1000) @Schema(examples = "2") Integer quantity,

            @NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2)
            @Schema(examples = "1.25") BigDecimal unitPrice) {
    }

    /** Stored text and the wire schema's strings hold no control characters: PostgreSQL cannot store a NUL at all. */
    static final String NO_CONTROL_CHARACTERS = "[^\\p{Cntrl}]*";
    static final String CONTROL_MESSAGE = "must not contain control characters";

    @Schema(name = "ShippingAddressRequest")
    public record Address(
            @NotBlank @Size(max = 200) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = CONTROL_MESSAGE) String recipient,
            @NotBlank @Size(max = 200) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = CONTROL_MESSAGE) String street,
            @NotBlank @Size(max = 100) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = CONTROL_MESSAGE) String city,
            @NotBlank @Size(max = 20) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = CONTROL_MESSAGE) String postalCode,
            @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as FR")
            @Schema(examples = "FR") String country) {
    }
}
