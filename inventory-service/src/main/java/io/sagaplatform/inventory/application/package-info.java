/**
 * Use cases: the handlers of the saga's inventory commands (each applied and answered in the inbox
 * transaction) and stock administration for the REST API.
 */
package io.sagaplatform.inventory.application;
