/**
 * The REST API: shipments for inspection ({@code GET /shipments/{orderId}}, {@code GET /shipments?status=}) and
 * the administration of unserviceable destinations ({@code /destinations/unserviceable}).
 */
package io.sagaplatform.shipping.api;
