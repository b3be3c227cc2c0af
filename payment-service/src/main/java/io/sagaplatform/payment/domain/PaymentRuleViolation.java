package io.sagaplatform.payment.domain;

/**
 * A command or request asks for something the payment rules forbid (voiding a captured payment, capturing
 * a voided one, a second and different authorization for one order, a credit limit below what is held).
 * It can never be applied as it is: a saga command is dead-lettered, a REST request refused with 409.
 */
public class PaymentRuleViolation extends RuntimeException {

    public PaymentRuleViolation(String message) {
        super(message);
    }
}
