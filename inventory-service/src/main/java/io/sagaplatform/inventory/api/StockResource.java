package io.sagaplatform.inventory.api;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sagaplatform.inventory.application.StockAdministration;
import io.sagaplatform.inventory.application.StockChange;
import io.sagaplatform.inventory.domain.StockItem;
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

    /** The largest page: a page is read and serialised whole. */
    static final int MAX_PAGE_SIZE = 500;

    @GET
    @Operation(summary = "SKUs' stock, by SKU, one page at a time", description = "A JSON array of at most size SKUs"
            + " (default 50, at most 500), sorted by SKU, starting at page * size. When more follow, the Link header"
            + " names the next page (rel=\"next\"); a page shorter than size is the last.")
    @APIResponse(responseCode = "200", description = "One page", headers = @org.eclipse.microprofile.openapi
            .annotations.headers.Header(name = "Link", description = "<...?page=n+1&size=s>; rel=\"next\" when more"
                    + " SKUs follow"))
    @APIResponse(responseCode = "400", description = "page below 0 or above 100000, size outside 1..500, or not"
            + " a number", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Response page(
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000)
            @Parameter(description = "0-based page number") int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(MAX_PAGE_SIZE)
            @Parameter(description = "SKUs per page, 1 to 500") int size,
            @Context UriInfo uri) {
        List<StockItem> items = administration.page(page * size, size + 1); // one more: whether a next page exists
        boolean more = items.size() > size;
        List<StockResponse> body = items.stream().limit(size).map(StockResponse::of).toList();
        Response.ResponseBuilder response = Response.ok(body);
        if (more) {
            response.link(uri.getRequestUriBuilder().replaceQueryParam("page", page + 1)
                    .replaceQueryParam("size", size).build(), "next");
        }
        return response.build();
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
