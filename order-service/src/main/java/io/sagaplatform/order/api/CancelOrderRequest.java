package io.sagaplatform.order.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The optional body of {@code POST /orders/{id}/cancel}: why the requester cancels. */
@Schema(name = "CancelOrderRequest")
public record CancelOrderRequest(
        @Size(min = 1, max = 500) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        @Schema(description = "Why, in the requester's words (optional)", maxLength = 500)
        String reason) {
}
