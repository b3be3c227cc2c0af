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
import jakarta.ws.rs.POST;
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
import io.quarkus.security.identity.SecurityIdentity;
import io.sagaplatform.shipping.application.ShipmentStore;
import io.sagaplatform.shipping.application.Warehouse;
import io.sagaplatform.shipping.domain.ShipmentStatus;

@Path("/shipments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Shipments", description = "The shipments the sagas scheduled, cancelled or withdrew, and their dispatch")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
public class ShipmentResource {

    private final ShipmentStore shipments;
    private final Warehouse warehouse;
    private final SecurityIdentity caller;

    ShipmentResource(ShipmentStore shipments, Warehouse warehouse, SecurityIdentity caller) {
        this.shipments = shipments;
        this.warehouse = warehouse;
        this.caller = caller;
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
        return shipments.find(orderId(orderId)).map(ShipmentResponse::of)
                .orElseThrow(() -> ProblemException.notFound("No shipment for order " + orderId));
    }

    @POST
    @Path("/{orderId}/dispatch")
    @Operation(summary = "The warehouse dispatches the order's shipment",
            description = "A SCHEDULED shipment becomes DISPATCHED: it left the warehouse, and the order can no longer"
                    + " be cancelled (its withdrawal is refused). Dispatching it again changes nothing and answers the"
                    + " same. A cancelled or withdrawn shipment must not leave: 409.")
    @APIResponse(responseCode = "200", description = "Dispatched (now or before)",
            content = @Content(schema = @Schema(implementation = ShipmentResponse.class)))
    @APIResponse(responseCode = "404", description = "The order has no shipment",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The shipment was cancelled or withdrawn: nothing changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ShipmentResponse dispatch(@PathParam("orderId")
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) String orderId) {
        Warehouse.Dispatch dispatch = warehouse.dispatch(orderId(orderId), caller.getPrincipal().getName());
        return switch (dispatch.outcome()) {
            case DISPATCHED, ALREADY_DISPATCHED -> ShipmentResponse.of(dispatch.shipment().orElseThrow());
            case NO_SHIPMENT -> throw ProblemException.notFound("No shipment for order " + orderId);
            case REFUSED_STOPPED -> {
                var shipment = dispatch.shipment().orElseThrow();
                throw ProblemException.conflict("not-dispatchable", "The shipment of order " + orderId + " is "
                        + shipment.status() + (shipment.cancelledBeforeScheduling() ? " (before it was scheduled)" : "")
                        + ": a cancelled or withdrawn shipment must not leave the warehouse; nothing changed");
            }
        };
    }

    private static UUID orderId(String orderId) {
        try {
            return UUID.fromString(orderId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No shipment for order " + orderId + " (order ids are UUIDs)");
        }
    }

    @GET
    @Operation(summary = "Shipments, newest first", description = "All of them, or those in one status.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = ShipmentResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid status, offset or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<ShipmentResponse> list(
            @QueryParam("status") @Pattern(regexp = "SCHEDULED|CANCELLED|WITHDRAWN|DISPATCHED",
                    message = "must be SCHEDULED, CANCELLED, WITHDRAWN or DISPATCHED")
            @Parameter(schema = @Schema(enumeration = { "SCHEDULED", "CANCELLED", "WITHDRAWN", "DISPATCHED" }))
            String status,
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(100_000) int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return shipments.list(Optional.ofNullable(status).map(ShipmentStatus::valueOf), offset, limit).stream()
                .map(ShipmentResponse::of).toList();
    }
}
