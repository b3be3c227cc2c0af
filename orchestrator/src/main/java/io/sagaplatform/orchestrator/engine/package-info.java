/**
 * The saga engine: saga definitions as data, built with a fluent DSL and validated when built, and a pure
 * interpreter that turns (definition, state, event, time) into (new state, commands to send, timeline
 * entries). No Quarkus, JPA or Kafka here (an ArchUnit test keeps it so): persistence and messaging are
 * adapters around it, and every path is unit-tested with a virtual clock.
 */
package io.sagaplatform.orchestrator.engine;
