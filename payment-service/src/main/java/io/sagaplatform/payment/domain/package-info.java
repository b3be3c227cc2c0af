/**
 * The payment rules: customers' credit lines and the orders' authorizations, which own their transitions
 * and keep the invariant {@code held = sum of AUTHORIZED and CAPTURED amounts, 0 <= held <= credit limit}.
 * No REST, Kafka, outbox or wire contracts here.
 */
package io.sagaplatform.payment.domain;
