package io.sagaplatform.shipping.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.sagaplatform.shipping.domain.UnserviceableDestination;

/** A country no carrier serves, and why. */
@Schema(name = "UnserviceableDestination")
public record UnserviceableDestinationResponse(String country, String reason) {

    static UnserviceableDestinationResponse of(UnserviceableDestination destination) {
        return new UnserviceableDestinationResponse(destination.country(), destination.reason());
    }
}
