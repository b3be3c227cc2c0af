package io.sagaplatform.payment.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.sagaplatform.payment.domain.Authorization;
import io.sagaplatform.payment.domain.AuthorizationStatus;

/**
 * An order's authorization as the API shows it. A CANCELLED one (the compensation came first) has no
 * authorization id, customer or amount: nothing was ever held.
 */
@Schema(name = "Authorization")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthorizationResponse(
        UUID orderId,
        UUID authorizationId,
        String customerId,
        BigDecimal amount,
        String currency,
        AuthorizationStatus status,
        Instant createdAt,
        Instant updatedAt,
        Instant refundedAt) {

    static AuthorizationResponse of(Authorization authorization) {
        return new AuthorizationResponse(authorization.orderId(), authorization.authorizationId().orElse(null),
                authorization.customerId().orElse(null), authorization.amount().orElse(null),
                authorization.currency().orElse(null), authorization.status(), authorization.createdAt(),
                authorization.updatedAt(), authorization.refundedAt().orElse(null));
    }
}
