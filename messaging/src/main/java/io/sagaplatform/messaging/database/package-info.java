/**
 * What every service needs to know about its database's failures: which ones pass by themselves. Consumers retry
 * those in place; the REST layer answers them 503 with {@code Retry-After}.
 */
package io.sagaplatform.messaging.database;
