package io.sagaplatform.shipping.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sagaplatform.rest.Roles;
import io.sagaplatform.rest.Problem;
import io.sagaplatform.rest.ProblemException;
import io.sagaplatform.shipping.application.ShipmentStore;
import io.sagaplatform.shipping.domain.ShipmentStatus;

@Path("/shipments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Shipments", description = "The shipments the saga scheduled or cancelled, for inspection")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
public class ShipmentResource {

    private final ShipmentStore shipments;

    ShipmentResource(ShipmentStore shipments) {
        this.shipments = shipments;
    }

    @GET
    @Path("/{orderId}")
    @Operation(summary = "The shipment of an order",
            description = "Also shows a cancellation that arrived before any scheduling (cancelledBeforeScheduling).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ShipmentResponse.class)))
    @APIResponse(responseCode = "404", description = "Nothing is known about the order's shipment",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ShipmentResponse get(@PathParam("orderId")
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) String orderId) {
        UUID id;
        try {
            id = UUID.fromString(orderId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No shipment for order " + orderId + " (order ids are UUIDs)");
        }
        return shipments.find(id).map(ShipmentResponse::of)
                .orElseThrow(() -> ProblemException.notFound("No shipment for order " + orderId));
    }

    @GET
    @Operation(summary = "Shipments, newest first", description = "All of them, or those in one status.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = ShipmentResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid status, offset or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<ShipmentResponse> list(
            @QueryParam("status") @Pattern(regexp = "SCHEDULED|CANCELLED", message = "must be SCHEDULED or CANCELLED")
            @Parameter(schema = @Schema(enumeration = { "SCHEDULED", "CANCELLED" })) String status,
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(100_000) int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return shipments.list(Optional.ofNullable(status).map(ShipmentStatus::valueOf), offset, limit).stream()
                .map(ShipmentResponse::of).toList();
    }
}
