/**
 * The saga dashboard API: list and filter sagas, one saga with its step-by-step timeline, aggregate
 * statistics, a live stream of state changes (SSE), and the audited operator actions.
 */
package io.sagaplatform.orchestrator.dashboard;
