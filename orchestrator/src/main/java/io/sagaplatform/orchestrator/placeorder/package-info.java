/** The place-order saga: its data and its definition, the business process in the order the README tells it. */
package io.sagaplatform.orchestrator.placeorder;
