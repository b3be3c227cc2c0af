package io.sagaplatform.contracts;

/**
 * Marker for every record that travels on the wire.
 *
 * <p>Each context groups its messages under sealed sub-interfaces (for example
 * {@link io.sagaplatform.contracts.inventory.InventoryCommand}) so that a handler can switch over them
 * exhaustively. A class implementing this interface is only sendable once it is registered in
 * {@link MessageTypes} with a schema and a golden file.
 */
public interface Message {
}
