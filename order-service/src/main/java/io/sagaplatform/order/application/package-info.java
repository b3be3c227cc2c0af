/**
 * Use cases: place an order (idempotently), approve or reject it on the saga's command; accept a request to cancel
 * an approved order (idempotently), and cancel it or refuse its cancellation on the cancel-order saga's command.
 */
package io.sagaplatform.order.application;
