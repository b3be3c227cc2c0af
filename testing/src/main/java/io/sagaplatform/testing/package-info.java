/**
 * Test support shared by every module, so that no service carries its own copy: a fresh PostgreSQL
 * database with logical replication per test run ({@link io.sagaplatform.testing.PostgresTestResource}),
 * a real Kafka broker inside the test JVM ({@link io.sagaplatform.testing.KafkaTestResource}) and a
 * probe that reads what really arrived on a topic ({@link io.sagaplatform.testing.KafkaProbe}).
 */
package io.sagaplatform.testing;
