package io.sagaplatform.inventory.api;

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

import io.sagaplatform.inventory.application.StockAdministration;
import io.sagaplatform.rest.Roles;
import io.sagaplatform.rest.Problem;
import io.sagaplatform.rest.ProblemException;

@Path("/reservations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reservations", description = "What each order holds, and whether it was released")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
public class ReservationResource {

    private final StockAdministration administration;

    ReservationResource(StockAdministration administration) {
        this.administration = administration;
    }

    @GET
    @Path("/{orderId}")
    @Operation(summary = "An order's reservation: its status and lines")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReservationResponse.class)))
    @APIResponse(responseCode = "404", description = "Nothing was reserved or released for this order",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReservationResponse get(
            @PathParam("orderId") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) String id) {
        UUID orderId;
        try {
            orderId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No reservation for order " + id + " (order ids are UUIDs)");
        }
        return administration.reservation(orderId).map(ReservationResponse::of)
                .orElseThrow(() -> ProblemException.notFound("No reservation for order " + id));
    }
}
