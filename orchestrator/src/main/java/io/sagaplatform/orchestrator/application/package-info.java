/**
 * Runs sagas: feeds the engine the events that reach the orchestrator (an order placed, a reply, a
 * deadline, an operator's action) and stores what it decides — state, timeline and commands (through
 * the outbox) in one transaction.
 */
package io.sagaplatform.orchestrator.application;
