/**
 * The REST API for operators: customers' credit lines ({@code GET/PUT /customers}) and the authorization of
 * an order ({@code GET /authorizations/{orderId}}). Sagas never come through here; they use Kafka.
 */
package io.sagaplatform.payment.api;
