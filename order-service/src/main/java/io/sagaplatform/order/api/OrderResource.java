package io.sagaplatform.order.api;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;

import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.order.application.IdempotencyKeyReused;
import io.sagaplatform.order.application.OrderCancellation;
import io.sagaplatform.order.application.OrderPlacement;
import io.sagaplatform.order.application.PlaceOrder;
import io.sagaplatform.order.application.Placement;
import io.sagaplatform.order.domain.IllegalOrderTransition;
import io.sagaplatform.order.domain.OrderLine;
import io.sagaplatform.order.domain.OrderStatus;
import io.sagaplatform.order.domain.ShippingAddress;
import io.sagaplatform.rest.Problem;
import io.sagaplatform.rest.ProblemException;
import io.sagaplatform.rest.Roles;

@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Orders", description = "Place orders and follow their status")
public class OrderResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final String RETRY_AFTER = "Retry-After";
    /** What the order's total column holds (numeric(16,2)): a larger sum of valid lines is a 400, not a 500. */
    static final java.math.BigDecimal MAX_TOTAL = new java.math.BigDecimal("99999999999999.99");
    /** Built once: copying a mapper per request cost more than the request's own JSON work. */
    private static final com.fasterxml.jackson.databind.ObjectMapper CANONICAL = WireFormat.mapper().copy()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);

    private final OrderPlacement placement;
    private final OrderCancellation cancellation;
    private final SecurityIdentity caller;

    OrderResource(OrderPlacement placement, OrderCancellation cancellation, SecurityIdentity caller) {
        this.placement = placement;
        this.cancellation = cancellation;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CUSTOMER)
    @Operation(summary = "Place an order", description = "Stores the order PENDING and starts its saga. With an"
            + " Idempotency-Key, repeating the same request returns the first order (header Idempotent-Replayed:"
            + " true); the same key with another body is refused with 422. A key is the customer's own: another"
            + " customer's request under the same key is an order of theirs.")
    @APIResponse(responseCode = "201", description = "Placed",
            content = @Content(schema = @Schema(implementation = OrderResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The order is for another customer than the token's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused by this customer with another body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "The platform is saturated (too many orders in flight): nothing"
            + " was stored; send the same request again after Retry-After seconds (AdmissionFilter answers it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response place(
            @HeaderParam(IDEMPOTENCY_KEY) @Size(min = 1, max = 200)
            @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be 1-200 visible ASCII characters")
            @Parameter(description = "Client-chosen key that makes retries safe; each customer has their own keys")
            String idempotencyKey,
            @NotNull(message = "a JSON body is required") @Valid PlaceOrderRequest request,
            @Context HttpServerRequest http) {
        if (idempotencyKey == null && http.headers().contains(IDEMPOTENCY_KEY)) {
            // sent but empty: JAX-RS hands the resource no value at all, and the order would be placed without one
            throw ProblemException.badRequest("validation", IDEMPOTENCY_KEY + " must be 1-200 visible ASCII characters,"
                    + " not empty");
        }
        java.math.BigDecimal total = request.lines().stream()
                .map(l -> l.unitPrice().multiply(java.math.BigDecimal.valueOf(l.quantity())))
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
        if (total.compareTo(MAX_TOTAL) > 0) {
            // input validation, like the per-field rules: before whose order it is
            String message = "the lines add up to " + total.toPlainString() + ", more than an order may hold ("
                    + MAX_TOTAL.toPlainString() + ")";
            throw new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "validation", message)
                    .withViolations(List.of(new Problem.Violation("lines", message))));
        }
        if (!caller.getPrincipal().getName().equals(request.customerId())) {
            throw new ProblemException(Problem.of(Response.Status.FORBIDDEN, "not-your-customer-id",
                    "A customer places orders only for themselves: customerId must be your token's subject"));
        }
        PlaceOrder command = new PlaceOrder(request.customerId(), request.currency(),
                request.lines().stream().map(l -> new OrderLine(l.sku(), l.quantity(), l.unitPrice())).toList(),
                new ShippingAddress(request.shippingAddress().recipient(), request.shippingAddress().street(),
                        request.shippingAddress().city(), request.shippingAddress().postalCode(),
                        request.shippingAddress().country()));
        Placement placed;
        try {
            placed = placement.place(command, Optional.ofNullable(idempotencyKey), fingerprint(request));
        } catch (IdempotencyKeyReused e) {
            throw ProblemException.unprocessable("idempotency-key-reused", e.getMessage());
        }
        return Response.created(URI.create("/orders/" + placed.order().id()))
                .header(REPLAYED, placed.replayed())
                .entity(OrderResponse.of(placed.order()))
                .build();
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.CUSTOMER, Roles.OPERATOR, Roles.ADMIN })
    @Operation(summary = "Cancel an approved order", description = "Accepts the cancellation of an APPROVED order that"
            + " has not left the warehouse: the order becomes CANCELLING and a cancel-order saga withdraws the"
            + " shipment, refunds the payment and puts the stock back; the order then becomes CANCELLED, or APPROVED"
            + " again with cancellationRefusedReason when the shipment was already dispatched. A customer cancels"
            + " only their own orders; staff any. With an Idempotency-Key (the requester's own), repeating the same"
            + " request answers with the order as it is now (Idempotent-Replayed: true); the same key with another"
            + " order or reason is refused with 422. The body is optional.")
    @APIResponse(responseCode = "202", description = "Accepted: the order is CANCELLING",
            content = @Content(schema = @Schema(implementation = OrderResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid reason or Idempotency-Key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such order (or another customer's)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The order is not APPROVED: nothing changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused by this requester for another request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(
            @PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) String id,
            @HeaderParam(IDEMPOTENCY_KEY) @Size(min = 1, max = 200)
            @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be 1-200 visible ASCII characters")
            @Parameter(description = "Client-chosen key that makes retries safe; each requester has their own keys")
            String idempotencyKey,
            @Valid CancelOrderRequest request,
            @Context HttpServerRequest http) {
        return requestCancellation(id, idempotencyKey, request == null ? null : request.reason(), http);
    }

    /**
     * The same request without a JSON body (no reason), whatever Content-Type a client sends with nothing: many send
     * none, some a default {@code text/plain}. A body that is not JSON is refused rather than ignored.
     */
    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({ Roles.CUSTOMER, Roles.OPERATOR, Roles.ADMIN })
    @Operation(hidden = true)
    public Response cancelWithoutBody(
            @PathParam("id") String id,
            @HeaderParam(IDEMPOTENCY_KEY) @Size(min = 1, max = 200)
            @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be 1-200 visible ASCII characters")
            String idempotencyKey,
            @Context HttpServerRequest http) {
        String length = http.getHeader("Content-Length");
        if (length != null ? !length.trim().equals("0") : http.getHeader("Transfer-Encoding") != null) {
            throw new ProblemException(Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Send the cancellation's reason as application/json ({\"reason\": \"…\"}), or no body at all"));
        }
        return requestCancellation(id, idempotencyKey, null, http);
    }

    private Response requestCancellation(String id, String idempotencyKey, String reason, HttpServerRequest http) {
        if (idempotencyKey == null && http.headers().contains(IDEMPOTENCY_KEY)) {
            throw ProblemException.badRequest("validation", IDEMPOTENCY_KEY + " must be 1-200 visible ASCII characters,"
                    + " not empty");
        }
        UUID orderId;
        try {
            orderId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No order " + id + " (order ids are UUIDs)");
        }
        OrderCancellation.Outcome outcome;
        try {
            outcome = cancellation.request(orderId, caller.getPrincipal().getName(), reason, this::mayRead,
                    Optional.ofNullable(idempotencyKey));
        } catch (OrderCancellation.NoSuchOrder e) {
            // another customer's order is answered like a missing one, as GET does
            throw ProblemException.notFound("No order " + id);
        } catch (IllegalOrderTransition e) {
            throw ProblemException.conflict("not-cancellable", "Order " + id + " cannot be cancelled: "
                    + whyNotCancellable(e.from()) + ". Only an APPROVED order can be cancelled, once; nothing changed");
        } catch (IdempotencyKeyReused e) {
            throw ProblemException.unprocessable("idempotency-key-reused", e.getMessage());
        }
        return Response.accepted(OrderResponse.of(outcome.order()))
                .location(URI.create("/orders/" + outcome.order().id()))
                .header(REPLAYED, outcome.replayed())
                .build();
    }

    private static String whyNotCancellable(OrderStatus status) {
        return switch (status) {
            case PENDING -> "it is PENDING, its saga has not decided it yet";
            case REJECTED -> "it was REJECTED, there is nothing to cancel";
            case CANCELLING -> "it is CANCELLING already, its cancellation is under way";
            case CANCELLED -> "it is CANCELLED already";
            case APPROVED -> "its cancellation was refused before (see cancellationRefusedReason)";
        };
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.CUSTOMER, Roles.OPERATOR, Roles.ADMIN })
    @Operation(summary = "An order and its status", description = "A customer sees only their own orders.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OrderResponse.class)))
    @APIResponse(responseCode = "404", description = "No such order",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public OrderResponse get(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String id) {
        UUID orderId;
        try {
            orderId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No order " + id + " (order ids are UUIDs)");
        }
        // another customer's order is answered like a missing one: its existence is not the caller's business
        return placement.find(orderId).filter(order -> mayRead(order.customerId())).map(OrderResponse::of)
                .orElseThrow(() -> ProblemException.notFound("No order " + id));
    }

    @GET
    @RolesAllowed({ Roles.CUSTOMER, Roles.OPERATOR, Roles.ADMIN })
    @Operation(summary = "A customer's orders, newest first", description = "A customer may list only their own.")
    public List<OrderResponse> ofCustomer(
            @QueryParam("customerId") @NotBlank(message = "is required") @Size(max = 64) String customerId,
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(100_000) int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        if (!mayRead(customerId)) {
            throw new ProblemException(Problem.of(Response.Status.FORBIDDEN, "not-your-customer-id",
                    "A customer lists only their own orders: customerId must be your token's subject"));
        }
        return placement.ofCustomer(customerId, offset, limit).stream().map(OrderResponse::of).toList();
    }

    /** Staff read every order; a customer only the ones placed for their own id. */
    private boolean mayRead(String customerId) {
        return caller.hasRole(Roles.OPERATOR) || caller.hasRole(Roles.ADMIN)
                || caller.getPrincipal().getName().equals(customerId);
    }

    /** The request in a canonical form (sorted keys, normalised numbers), so that whitespace or key order never matter. */
    private static String fingerprint(PlaceOrderRequest request) {
        try {
            return CANONICAL.writeValueAsString(normalise(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PlaceOrderRequest normalise(PlaceOrderRequest r) {
        return new PlaceOrderRequest(r.customerId(), r.currency(), r.lines().stream()
                .map(l -> new PlaceOrderRequest.Line(l.sku(), l.quantity(), l.unitPrice().stripTrailingZeros()))
                .toList(), r.shippingAddress());
    }
}
