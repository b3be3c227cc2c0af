/** Use cases: place an order (idempotently), approve or reject it on the saga's command. */
package io.sagaplatform.order.application;
