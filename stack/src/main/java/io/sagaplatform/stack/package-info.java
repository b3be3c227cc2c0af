/**
 * The local stack in one place, reused by {@code ./saga} ({@link io.sagaplatform.stack.LocalStack}), the end-to-end
 * tests (testing's {@code PlatformStack}) and the load generator: the service table
 * ({@link io.sagaplatform.stack.StackService}), a process started, waited for and stopped
 * ({@link io.sagaplatform.stack.ChildProcess}, {@link io.sagaplatform.stack.ServiceProcess}), the Kafka broker and its
 * settings ({@link io.sagaplatform.stack.KafkaBroker}), the local stack's tokens ({@link io.sagaplatform.stack.Jwt}) and
 * the one teardown of a database with its replication slots ({@link io.sagaplatform.stack.DropDatabaseScript}).
 * Nothing but the JDK: {@code ./saga} compiles and runs it before Maven built anything else.
 */
package io.sagaplatform.stack;
