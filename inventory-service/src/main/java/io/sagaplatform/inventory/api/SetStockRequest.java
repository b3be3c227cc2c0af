package io.sagaplatform.inventory.api;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT /stock/{sku}}: how much is available from now on. The quantity is read as a decimal
 * and must be whole: read into a {@code long}, Jackson would silently truncate {@code 1.5} to {@code 1}.
 */
@Schema(name = "SetStockRequest", description = "The SKU's new available quantity; what is reserved stays reserved")
public record SetStockRequest(
        @NotNull @DecimalMin("0") @DecimalMax("1000000000")
        @Digits(integer = 10, fraction = 0, message = "must be a whole number")
        @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "1000000000", examples = "250")
        BigDecimal available) {

    long availableUnits() {
        return available.longValueExact();
    }
}
