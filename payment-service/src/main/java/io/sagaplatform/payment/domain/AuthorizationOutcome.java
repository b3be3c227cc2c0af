package io.sagaplatform.payment.domain;

import java.util.Objects;

/** What an authorization request came to: the amount is held, or it is declined for a reason. */
public sealed interface AuthorizationOutcome {

    /** The amount is held under {@code authorization} (for a repeated request: the one made the first time). */
    record Authorized(Authorization authorization) implements AuthorizationOutcome {
        public Authorized {
            Objects.requireNonNull(authorization, "authorization");
        }
    }

    /** Nothing is held; {@code detail} says why in words. */
    record Declined(DeclineReason reason, String detail) implements AuthorizationOutcome {
        public Declined {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
