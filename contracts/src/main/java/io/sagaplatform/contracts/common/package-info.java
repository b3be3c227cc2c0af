/**
 * Value records shared by several messages (order lines, stock lines, shipping addresses). They never
 * travel alone: each is a field of a message and is described inline in that message's schema.
 */
package io.sagaplatform.contracts.common;
