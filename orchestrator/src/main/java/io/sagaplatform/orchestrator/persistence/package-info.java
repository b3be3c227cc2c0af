/**
 * Where sagas live: {@code saga_instance} (one row per saga, optimistic version, the columns the
 * dashboard filters on) and the append-only {@code saga_timeline}. The same rows are the deadline rows:
 * the poller claims due sagas with {@code FOR UPDATE SKIP LOCKED}, so replicas never take the same one.
 */
package io.sagaplatform.orchestrator.persistence;
