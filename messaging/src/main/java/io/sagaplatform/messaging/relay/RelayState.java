package io.sagaplatform.messaging.relay;

/** What the relay is doing right now, as its health check reports it. */
public enum RelayState {
    /** Not started, or stopped with the application. */
    STOPPED,
    /** Engine starting: connecting, creating or checking the slot, snapshotting on the very first start. */
    STARTING,
    /** Reading the replication stream and publishing. */
    STREAMING,
    /** Another process streams this slot; this one waits to take over when it goes away. */
    STANDBY,
    /** The engine stopped on an error and will restart after a back-off. */
    RESTARTING
}
