/**
 * Test support shared by every module, so that no service carries its own copy: a fresh PostgreSQL
 * database with logical replication per test run ({@link io.sagaplatform.testing.PostgresTestResource}),
 * a real Kafka broker inside the test JVM ({@link io.sagaplatform.testing.KafkaTestResource}), a
 * probe that reads what really arrived on a topic ({@link io.sagaplatform.testing.KafkaProbe}), and the
 * orchestrator's side of a participant's tests: its commands' replies and dead letters, checked
 * ({@link io.sagaplatform.testing.ParticipantProbe}).
 */
package io.sagaplatform.testing;
