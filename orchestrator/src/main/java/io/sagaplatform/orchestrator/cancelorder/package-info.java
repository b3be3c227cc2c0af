/**
 * The cancel-order saga: its data, its definition and its starter (OrderCancellationRequested starts one). Built on
 * the same registry, engine and participant handler API as place-order, as the orchestrator README's "Adding a saga"
 * describes.
 */
package io.sagaplatform.orchestrator.cancelorder;
