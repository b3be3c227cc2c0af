/**
 * Saga lifecycle events the orchestrator publishes on {@code saga.events}, keyed by saga id: one when a
 * saga starts and one when it reaches a terminal state. They are informational (dashboards, audit,
 * tests waiting for an outcome); no saga step depends on them.
 */
package io.sagaplatform.contracts.saga;
