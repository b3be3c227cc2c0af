package io.sagaplatform.payment.api;

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
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sagaplatform.payment.application.CreditLineChange;
import io.sagaplatform.payment.application.Customers;
import io.sagaplatform.payment.domain.PaymentRuleViolation;
import io.sagaplatform.rest.Roles;
import io.sagaplatform.rest.Problem;
import io.sagaplatform.rest.ProblemException;

@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers", description = "Customers' credit lines: what they may spend and what is held")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
public class CustomerResource {

    private final Customers customers;

    CustomerResource(Customers customers) {
        this.customers = customers;
    }

    @GET
    @Operation(summary = "Customers and their credit, by id")
    public List<CustomerResponse> list(
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(100_000) int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return customers.list(offset, limit).stream().map(CustomerResponse::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A customer's credit line: limit, held and available")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CustomerResponse.class)))
    @APIResponse(responseCode = "404", description = "No such customer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CustomerResponse get(@PathParam("id") String id) {
        return customers.find(id).map(CustomerResponse::of)
                .orElseThrow(() -> ProblemException.notFound("No customer " + id));
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open or change a customer's credit line (operators)", description = "Opens the credit"
            + " line of an unknown customer (201) or changes it (200). A limit below what the customer already"
            + " holds, or another currency while something is held, is refused with 409 and changes nothing.")
    @APIResponse(responseCode = "200", description = "Changed",
            content = @Content(schema = @Schema(implementation = CustomerResponse.class)))
    @APIResponse(responseCode = "201", description = "Opened",
            content = @Content(schema = @Schema(implementation = CustomerResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The change would leave held money uncovered",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response setCreditLine(
            @PathParam("id") @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+",
                    message = "must be letters, digits, '.', '_' or '-'") String id,
            @NotNull(message = "a JSON body is required") @Valid CreditLineRequest request) {
        CreditLineChange change;
        try {
            change = customers.setCreditLine(id, request.currency(), request.creditLimit());
        } catch (PaymentRuleViolation e) {
            throw ProblemException.conflict("credit-line-conflict", e.getMessage());
        }
        CustomerResponse body = CustomerResponse.of(change.customer());
        return change.opened() ? Response.created(URI.create("/customers/" + id)).entity(body).build()
                : Response.ok(body).build();
    }
}
