/**
 * The inventory service: keeps stock per SKU and, on the saga's commands, reserves an order's stock all or
 * nothing ({@code ReserveInventory}) or gives it back ({@code ReleaseInventory}), replying on
 * {@code saga.replies}. Operators inspect and set stock over REST.
 */
package io.sagaplatform.inventory;
