/**
 * Runs sagas, of any registered type: feeds the engine the events that reach the orchestrator (a saga's start, a
 * reply, a deadline, a dead letter, an operator's action) and stores what it decides — state, timeline and commands
 * (through the outbox) in one transaction. {@code SagaRegistry} holds every definition by type and version: new
 * sagas start on their type's current version, stored ones run on the version they started with.
 */
package io.sagaplatform.orchestrator.application;
