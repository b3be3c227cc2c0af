/**
 * The place-order saga: its data, its definitions (every version still registered) and its starter (OrderPlaced
 * starts one), the business process in the order the README tells it.
 */
package io.sagaplatform.orchestrator.placeorder;
