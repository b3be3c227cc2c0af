package io.sagaplatform.inventory.api;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sagaplatform.inventory.application.StockAdministration;
import io.sagaplatform.inventory.application.StockChange;
import io.sagaplatform.rest.Roles;
import io.sagaplatform.rest.Problem;
import io.sagaplatform.rest.ProblemException;

@Path("/stock")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Stock", description = "See and set stock per SKU")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
public class StockResource {

    private final StockAdministration administration;

    StockResource(StockAdministration administration) {
        this.administration = administration;
    }

    @GET
    @Operation(summary = "Every SKU's stock, by SKU")
    public List<StockResponse> all() {
        return administration.all().stream().map(StockResponse::of).toList();
    }

    @GET
    @Path("/{sku}")
    @Operation(summary = "One SKU's stock")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StockResponse.class)))
    @APIResponse(responseCode = "404", description = "The SKU is not stocked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public StockResponse one(@PathParam("sku") String sku) {
        return administration.find(sku).map(StockResponse::of)
                .orElseThrow(() -> ProblemException.notFound("SKU " + sku + " is not stocked"));
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Path("/{sku}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a SKU's available quantity (an operator's stock count)", description = "Registers"
            + " the SKU when it is new. What orders hold stays reserved, so the total becomes available + reserved;"
            + " this is the only way a SKU's total changes.")
    @APIResponse(responseCode = "200", description = "Set",
            content = @Content(schema = @Schema(implementation = StockResponse.class)))
    @APIResponse(responseCode = "201", description = "A new SKU, registered",
            content = @Content(schema = @Schema(implementation = StockResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid SKU or quantity",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response set(
            @PathParam("sku") @Size(max = 64)
            @Pattern(regexp = "[A-Za-z0-9._-]+", message = "must be letters, digits, '.', '_' or '-'")
            @Parameter(description = "Stock keeping unit", example = "SKU-APPLE") String sku,
            @NotNull(message = "a JSON body is required") @Valid SetStockRequest request) {
        StockChange change = administration.setAvailable(sku, request.availableUnits());
        StockResponse body = StockResponse.of(change.item());
        return change.created() ? Response.created(URI.create("/stock/" + sku)).entity(body).build()
                : Response.ok(body).build();
    }
}
