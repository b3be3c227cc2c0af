package io.sagaplatform.payment.application;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.payment.AuthorizePayment;
import io.sagaplatform.contracts.payment.CapturePayment;
import io.sagaplatform.contracts.payment.PaymentAuthorizationVoided;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.contracts.payment.PaymentDeclineReason;
import io.sagaplatform.contracts.payment.PaymentDeclined;
import io.sagaplatform.contracts.payment.PaymentRefunded;
import io.sagaplatform.contracts.payment.RefundPayment;
import io.sagaplatform.contracts.payment.VoidPaymentAuthorization;
import io.sagaplatform.messaging.dispatch.DeadLetterException;
import io.sagaplatform.messaging.participant.CommandTable;
import io.sagaplatform.messaging.participant.Reply;
import io.sagaplatform.messaging.participant.SagaParticipant;
import io.sagaplatform.payment.domain.Authorization;
import io.sagaplatform.payment.domain.AuthorizationOutcome;
import io.sagaplatform.payment.domain.AuthorizationRequest;
import io.sagaplatform.payment.domain.Customer;
import io.sagaplatform.payment.domain.PaymentRuleViolation;

/**
 * The saga's payment commands. Each runs inside the dispatcher's inbox transaction, so a redelivered
 * command changes nothing and gets the reply returned here sent again.
 *
 * <p>Rows are locked before they are read for a decision, always in the same order — the order's
 * authorization first, then the customer — so that two commands (or a command and an operator's credit
 * change) touching the same rows wait for each other instead of deadlocking or deciding on stale credit.
 * Business outcomes (declined, nothing to undo) are replies; a command the rules forbid is dead-lettered.
 */
@ApplicationScoped
class PaymentParticipant implements SagaParticipant {

    private static final Logger LOG = Logger.getLogger(PaymentParticipant.class);

    private final Authorizations authorizations;
    private final Customers customers;
    private final Clock clock;

    PaymentParticipant(Authorizations authorizations, Customers customers, Clock clock) {
        this.authorizations = authorizations;
        this.customers = customers;
        this.clock = clock;
    }

    @Override
    public String aggregateType() {
        return "payment";
    }

    @Override
    public void register(CommandTable commands) {
        commands.on(MessageTypes.AUTHORIZE_PAYMENT, this::authorize)
                .on(MessageTypes.VOID_PAYMENT_AUTHORIZATION, this::voidAuthorization)
                .on(MessageTypes.CAPTURE_PAYMENT, this::capture)
                .on(MessageTypes.REFUND_PAYMENT, this::refund);
    }

    Reply authorize(AuthorizePayment command) {
        AuthorizationRequest request = new AuthorizationRequest(command.orderId(), command.customerId(),
                command.amount(), command.currency());
        Optional<Authorization> existing = authorizations.lockForUpdate(command.orderId());
        AuthorizationOutcome outcome;
        try {
            outcome = existing.isPresent() ? existing.get().requestAgain(request)
                    : Authorization.request(request, customers.lockForUpdate(command.customerId()), clock.instant());
        } catch (PaymentRuleViolation e) {
            throw deadLetter(e);
        }
        if (outcome instanceof AuthorizationOutcome.Authorized authorized) {
            Authorization authorization = authorized.authorization();
            if (existing.isEmpty()) {
                authorizations.add(authorization);
                LOG.infof("Authorized %s as %s", request, authorization.authorizationId().orElseThrow());
            } else {
                LOG.infof("Order %s asked again: already %s as %s, nothing more held", command.orderId(),
                        authorization.status(), authorization.authorizationId().orElseThrow());
            }
            return Reply.about(command.orderId(),
                    new PaymentAuthorized(command.orderId(), authorization.authorizationId().orElseThrow()));
        }
        AuthorizationOutcome.Declined declined = (AuthorizationOutcome.Declined) outcome;
        LOG.infof("Declined %s: %s, %s", request, declined.reason(), declined.detail());
        return Reply.about(command.orderId(), new PaymentDeclined(command.orderId(), wire(declined), declined.detail()));
    }

    Reply voidAuthorization(VoidPaymentAuthorization command) {
        Optional<Authorization> existing = authorizations.lockForUpdate(command.orderId());
        boolean released;
        if (existing.isEmpty()) {
            authorizations.add(Authorization.cancelledBeforeAuthorization(command.orderId(), clock.instant()));
            released = false;
            LOG.infof("Order %s cancelled before any authorization: nothing to void, a late one will be refused",
                    command.orderId());
        } else {
            try {
                released = existing.get().voidHold(this::holder, clock.instant());
            } catch (PaymentRuleViolation e) {
                throw deadLetter(e);
            }
            if (released) {
                LOG.infof("Authorization of order %s voided, its hold released", command.orderId());
            } else {
                LOG.infof("Authorization of order %s is %s: nothing to void", command.orderId(),
                        existing.get().status());
            }
        }
        return Reply.about(command.orderId(), new PaymentAuthorizationVoided(command.orderId(), !released));
    }

    Reply capture(CapturePayment command) {
        Authorization authorization = authorizations.lockForUpdate(command.orderId())
                .orElseThrow(() -> new DeadLetterException("Order " + command.orderId()
                        + " has no authorization to capture"));
        try {
            authorization.capture(clock.instant());
        } catch (PaymentRuleViolation e) {
            throw deadLetter(e);
        }
        LOG.infof("Authorization of order %s captured: %s %s charged to %s", command.orderId(),
                authorization.amount().orElseThrow(), authorization.currency().orElseThrow(),
                authorization.customerId().orElseThrow());
        return Reply.about(command.orderId(), new PaymentCaptured(command.orderId()));
    }

    /**
     * Gives a captured amount back to the customer's credit, at most once: a repeat (under a new message id) answers
     * with the same amount and gives nothing more back. Nothing captured to refund is dead-lettered.
     */
    Reply refund(RefundPayment command) {
        Authorization payment = authorizations.lockForUpdate(command.orderId())
                .orElseThrow(() -> new DeadLetterException("Order " + command.orderId() + " has no payment to refund"));
        boolean refunded;
        try {
            refunded = payment.refund(this::holder, clock.instant());
        } catch (PaymentRuleViolation e) {
            throw deadLetter(e);
        }
        if (refunded) {
            LOG.infof("Payment of order %s refunded: %s %s back on %s's credit", command.orderId(),
                    payment.amount().orElseThrow(), payment.currency().orElseThrow(), payment.customerId().orElseThrow());
        } else {
            LOG.infof("Payment of order %s was refunded already: answered again, nothing more given back",
                    command.orderId());
        }
        return Reply.about(command.orderId(), new PaymentRefunded(command.orderId(), payment.amount().orElseThrow(),
                payment.currency().orElseThrow()));
    }

    private Customer holder(String customerId) {
        return customers.lockForUpdate(customerId).orElseThrow(() -> new IllegalStateException(
                "Customer " + customerId + " holds an authorization but does not exist"));
    }

    /** The dead-letter record carries the command's type and id; the reason says which rule it broke. */
    private static DeadLetterException deadLetter(PaymentRuleViolation violation) {
        return new DeadLetterException(violation.getMessage(), violation);
    }

    private static PaymentDeclineReason wire(AuthorizationOutcome.Declined declined) {
        return switch (declined.reason()) {
            case UNKNOWN_CUSTOMER -> PaymentDeclineReason.UNKNOWN_CUSTOMER;
            case INSUFFICIENT_CREDIT -> PaymentDeclineReason.INSUFFICIENT_CREDIT;
            case ORDER_CANCELLED -> PaymentDeclineReason.ORDER_CANCELLED;
        };
    }
}
