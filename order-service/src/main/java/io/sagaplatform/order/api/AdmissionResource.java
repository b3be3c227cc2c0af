package io.sagaplatform.order.api;

import java.time.Clock;
import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sagaplatform.order.application.Admission;
import io.sagaplatform.rest.Roles;

/** What the door of {@code POST /orders} is doing, for operators (the dashboard shows it next to the sagas). */
@Path("/admission")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admission", description = "Load shedding at the door")
public class AdmissionResource {

    /**
     * @param accepting whether a new order would be taken now
     * @param inFlight orders placed and not yet decided, as the door counts them
     * @param limit the in-flight count at which the door refuses with 429
     * @param rejectedLastMinute orders refused in the last 60 seconds, by this replica
     * @param rejectedTotal orders refused since this replica started
     */
    public record AdmissionView(boolean accepting, long inFlight, int limit, long rejectedLastMinute,
            long rejectedTotal, Instant at) {
    }

    private final Admission admission;
    private final Clock clock;

    AdmissionResource(Admission admission, Clock clock) {
        this.admission = admission;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
    @Operation(summary = "The door's state", description = "Whether POST /orders takes new orders, how many are in"
            + " flight against the limit, and how many were refused (429) in the last minute and since start.")
    public AdmissionView state() {
        return new AdmissionView(admission.accepting(), admission.inFlight(), admission.limit(),
                admission.rejectedLastMinute(), admission.rejectedTotal(), clock.instant());
    }
}
