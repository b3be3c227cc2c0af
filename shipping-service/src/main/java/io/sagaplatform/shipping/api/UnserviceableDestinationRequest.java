package io.sagaplatform.shipping.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT /destinations/unserviceable/{country}}. The reason ends up in refusal replies, whose
 * {@code detail} is bounded on the wire, hence the length limit; control characters are refused because a NUL
 * cannot be stored.
 */
@Schema(name = "UnserviceableDestinationRequest")
public record UnserviceableDestinationRequest(
        @NotBlank @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        @Schema(examples = "Flooded roads: no carrier delivers until further notice") String reason) {
}
