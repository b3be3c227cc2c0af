/**
 * Messages of the inventory context. The orchestrator asks inventory-service to reserve stock for an
 * order (and, when compensating, to release it; when an APPROVED order is cancelled, to restock it) on
 * {@code inventory.commands}; inventory-service
 * replies on {@code saga.replies}.
 */
package io.sagaplatform.contracts.inventory;
