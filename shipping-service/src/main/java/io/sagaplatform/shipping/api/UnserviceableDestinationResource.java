package io.sagaplatform.shipping.api;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

import io.sagaplatform.rest.Roles;
import io.sagaplatform.rest.Problem;
import io.sagaplatform.rest.ProblemException;
import io.sagaplatform.shipping.application.Destinations;

@Path("/destinations/unserviceable")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Unserviceable destinations",
        description = "Countries no carrier serves (admin). A change applies to the schedulings that follow it.")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
public class UnserviceableDestinationResource {

    private final Destinations destinations;

    UnserviceableDestinationResource(Destinations destinations) {
        this.destinations = destinations;
    }

    @GET
    @Operation(summary = "The unserviceable countries, by country code")
    public List<UnserviceableDestinationResponse> list() {
        return destinations.unserviceable().stream().map(UnserviceableDestinationResponse::of).toList();
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Path("/{country}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mark a country unserviceable, or change why it is",
            description = "Schedulings to it are then refused with UNSERVICEABLE_DESTINATION and this reason.")
    @APIResponse(responseCode = "201", description = "Now unserviceable",
            content = @Content(schema = @Schema(implementation = UnserviceableDestinationResponse.class)))
    @APIResponse(responseCode = "200", description = "Already unserviceable; the reason is replaced",
            content = @Content(schema = @Schema(implementation = UnserviceableDestinationResponse.class)))
    @APIResponse(responseCode = "400", description = "Not an ISO 3166-1 alpha-2 code, or no valid reason",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response put(
            @PathParam("country") @IsoCountryCode @Parameter(description = "ISO 3166-1 alpha-2", example = "AQ")
            String country,
            @NotNull(message = "a JSON body is required") @Valid UnserviceableDestinationRequest request) {
        Destinations.Marked marked = destinations.markUnserviceable(country, request.reason());
        UnserviceableDestinationResponse body = UnserviceableDestinationResponse.of(marked.destination());
        return marked.created()
                ? Response.created(URI.create("/destinations/unserviceable/" + country)).entity(body).build()
                : Response.ok(body).build();
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Path("/{country}")
    @Operation(summary = "Serve a country again")
    @APIResponse(responseCode = "204", description = "Served again")
    @APIResponse(responseCode = "404", description = "The country was not unserviceable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "Not an ISO 3166-1 alpha-2 code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(
            @PathParam("country") @IsoCountryCode @Parameter(description = "ISO 3166-1 alpha-2", example = "AQ")
            String country) {
        if (!destinations.markServiceable(country)) {
            throw ProblemException.notFound("Country " + country + " is not unserviceable");
        }
        return Response.noContent().build();
    }
}
