/**
 * Use cases: the handlers of the saga's payment commands (authorize, void, capture), which lock what they
 * change, apply the domain rules and reply through the outbox in the inbox transaction; and the credit-line
 * administration and look-ups behind the REST API.
 */
package io.sagaplatform.payment.application;
