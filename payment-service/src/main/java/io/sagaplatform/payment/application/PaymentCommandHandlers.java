package io.sagaplatform.payment.application;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.payment.AuthorizePayment;
import io.sagaplatform.contracts.payment.CapturePayment;
import io.sagaplatform.contracts.payment.PaymentAuthorizationVoided;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.contracts.payment.PaymentDeclineReason;
import io.sagaplatform.contracts.payment.PaymentDeclined;
import io.sagaplatform.contracts.payment.PaymentReply;
import io.sagaplatform.contracts.payment.VoidPaymentAuthorization;
import io.sagaplatform.messaging.dispatch.DeadLetterException;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.dispatch.MessageHandler;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.outbox.OutgoingMessage;
import io.sagaplatform.payment.domain.Authorization;
import io.sagaplatform.payment.domain.AuthorizationOutcome;
import io.sagaplatform.payment.domain.AuthorizationRequest;
import io.sagaplatform.payment.domain.Customer;
import io.sagaplatform.payment.domain.PaymentRuleViolation;

/**
 * The saga's payment commands. Each runs inside the dispatcher's inbox transaction, so a redelivered
 * command changes nothing and gets the reply written here sent again.
 *
 * <p>Rows are locked before they are read for a decision, always in the same order — the order's
 * authorization first, then the customer — so that two commands (or a command and an operator's credit
 * change) touching the same rows wait for each other instead of deadlocking or deciding on stale credit.
 * Business outcomes (declined, nothing to undo) are replies; a command the rules forbid is dead-lettered.
 */
final class PaymentCommandHandlers {

    private static final Logger LOG = Logger.getLogger(PaymentCommandHandlers.class);
    private static final String AGGREGATE = "payment";

    private PaymentCommandHandlers() {
    }

    private static void reply(Outbox outbox, Envelope command, UUID orderId, PaymentReply reply) {
        outbox.append(OutgoingMessage.replyTo(command, AGGREGATE, orderId.toString(), reply));
    }

    private static DeadLetterException deadLetter(PaymentRuleViolation violation, Envelope command) {
        return new DeadLetterException(violation.getMessage() + " (" + command.type() + " " + command.id() + ")",
                violation);
    }

    @ApplicationScoped
    static class Authorize implements MessageHandler<AuthorizePayment> {
        private final Authorizations authorizations;
        private final Customers customers;
        private final Outbox outbox;
        private final Clock clock;

        Authorize(Authorizations authorizations, Customers customers, Outbox outbox, Clock clock) {
            this.authorizations = authorizations;
            this.customers = customers;
            this.outbox = outbox;
            this.clock = clock;
        }

        @Override
        public MessageType<AuthorizePayment> type() {
            return MessageTypes.AUTHORIZE_PAYMENT;
        }

        @Override
        public void handle(AuthorizePayment command, Envelope envelope) {
            AuthorizationRequest request = new AuthorizationRequest(command.orderId(), command.customerId(),
                    command.amount(), command.currency());
            Optional<Authorization> existing = authorizations.lockForUpdate(command.orderId());
            AuthorizationOutcome outcome;
            try {
                outcome = existing.isPresent() ? existing.get().requestAgain(request)
                        : Authorization.request(request, customers.lockForUpdate(command.customerId()),
                                clock.instant());
            } catch (PaymentRuleViolation e) {
                throw deadLetter(e, envelope);
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
                reply(outbox, envelope, command.orderId(),
                        new PaymentAuthorized(command.orderId(), authorization.authorizationId().orElseThrow()));
            } else {
                AuthorizationOutcome.Declined declined = (AuthorizationOutcome.Declined) outcome;
                LOG.infof("Declined %s: %s, %s", request, declined.reason(), declined.detail());
                reply(outbox, envelope, command.orderId(),
                        new PaymentDeclined(command.orderId(), wire(declined), declined.detail()));
            }
        }

        private static PaymentDeclineReason wire(AuthorizationOutcome.Declined declined) {
            return switch (declined.reason()) {
                case UNKNOWN_CUSTOMER -> PaymentDeclineReason.UNKNOWN_CUSTOMER;
                case INSUFFICIENT_CREDIT -> PaymentDeclineReason.INSUFFICIENT_CREDIT;
                case ORDER_CANCELLED -> PaymentDeclineReason.ORDER_CANCELLED;
            };
        }
    }

    @ApplicationScoped
    static class VoidAuthorization implements MessageHandler<VoidPaymentAuthorization> {
        private final Authorizations authorizations;
        private final Customers customers;
        private final Outbox outbox;
        private final Clock clock;

        VoidAuthorization(Authorizations authorizations, Customers customers, Outbox outbox, Clock clock) {
            this.authorizations = authorizations;
            this.customers = customers;
            this.outbox = outbox;
            this.clock = clock;
        }

        @Override
        public MessageType<VoidPaymentAuthorization> type() {
            return MessageTypes.VOID_PAYMENT_AUTHORIZATION;
        }

        @Override
        public void handle(VoidPaymentAuthorization command, Envelope envelope) {
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
                    throw deadLetter(e, envelope);
                }
                if (released) {
                    LOG.infof("Authorization of order %s voided, its hold released", command.orderId());
                } else {
                    LOG.infof("Authorization of order %s is %s: nothing to void", command.orderId(),
                            existing.get().status());
                }
            }
            reply(outbox, envelope, command.orderId(), new PaymentAuthorizationVoided(command.orderId(), !released));
        }

        private Customer holder(String customerId) {
            return customers.lockForUpdate(customerId).orElseThrow(() -> new IllegalStateException(
                    "Customer " + customerId + " holds an authorization but does not exist"));
        }
    }

    @ApplicationScoped
    static class Capture implements MessageHandler<CapturePayment> {
        private final Authorizations authorizations;
        private final Outbox outbox;
        private final Clock clock;

        Capture(Authorizations authorizations, Outbox outbox, Clock clock) {
            this.authorizations = authorizations;
            this.outbox = outbox;
            this.clock = clock;
        }

        @Override
        public MessageType<CapturePayment> type() {
            return MessageTypes.CAPTURE_PAYMENT;
        }

        @Override
        public void handle(CapturePayment command, Envelope envelope) {
            Authorization authorization = authorizations.lockForUpdate(command.orderId())
                    .orElseThrow(() -> new DeadLetterException("Order " + command.orderId()
                            + " has no authorization to capture (" + envelope.type() + " " + envelope.id() + ")"));
            try {
                authorization.capture(clock.instant());
            } catch (PaymentRuleViolation e) {
                throw deadLetter(e, envelope);
            }
            LOG.infof("Authorization of order %s captured: %s %s charged to %s", command.orderId(),
                    authorization.amount().orElseThrow(), authorization.currency().orElseThrow(),
                    authorization.customerId().orElseThrow());
            reply(outbox, envelope, command.orderId(), new PaymentCaptured(command.orderId()));
        }
    }
}
