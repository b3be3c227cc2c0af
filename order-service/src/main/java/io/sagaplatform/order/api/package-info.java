/** The REST API: {@code POST /orders}, {@code GET /orders/{id}}, {@code GET /orders?customerId=}. */
package io.sagaplatform.order.api;
