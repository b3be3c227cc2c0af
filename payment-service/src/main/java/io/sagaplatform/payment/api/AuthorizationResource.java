package io.sagaplatform.payment.api;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sagaplatform.payment.application.Authorizations;
import io.sagaplatform.rest.Roles;
import io.sagaplatform.rest.Problem;
import io.sagaplatform.rest.ProblemException;

@Path("/authorizations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authorizations", description = "What payment-service did for an order")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
public class AuthorizationResource {

    private final Authorizations authorizations;

    AuthorizationResource(Authorizations authorizations) {
        this.authorizations = authorizations;
    }

    @GET
    @Path("/{orderId}")
    @Operation(summary = "An order's authorization and its status",
            description = "AUTHORIZED, VOIDED, CAPTURED, REFUNDED (the approved order was cancelled), or CANCELLED"
                    + " when the saga compensated before anything was authorized. Declined requests leave nothing: they are 404.")
    @APIResponse(responseCode = "200",
            content = @Content(schema = @Schema(implementation = AuthorizationResponse.class)))
    @APIResponse(responseCode = "404", description = "Nothing was authorized or cancelled for this order",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuthorizationResponse get(@PathParam("orderId")
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) String orderId) {
        UUID id;
        try {
            id = UUID.fromString(orderId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No authorization for order " + orderId + " (order ids are UUIDs)");
        }
        return authorizations.find(id).map(AuthorizationResponse::of)
                .orElseThrow(() -> ProblemException.notFound("No authorization for order " + id));
    }
}
