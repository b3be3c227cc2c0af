/** The REST API: {@code GET/PUT /stock/{sku}}, {@code GET /stock}, {@code GET /reservations/{orderId}}. */
package io.sagaplatform.inventory.api;
