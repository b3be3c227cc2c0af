package io.sagaplatform.contracts;

/**
 * Kafka record header names, and the few fixed header values.
 *
 * <p>The envelope follows CloudEvents 1.0 in Kafka binary mode: the payload is the record's JSON, the
 * event attributes travel as {@code ce_*} headers. {@code ce_id} is the outbox row id and therefore the
 * consumers' de-duplication key. Platform headers carry saga correlation, the schema version and the
 * W3C trace context; dead-letter headers say why and from where a record was parked.
 */
public final class Headers {

    // --- CloudEvents 1.0, Kafka protocol binding, binary content mode ---

    /** CloudEvents spec version; always {@link #SPEC_VERSION}. */
    public static final String CE_SPECVERSION = "ce_specversion";
    /** Unique message id (the outbox row id); the inbox de-duplication key. */
    public static final String CE_ID = "ce_id";
    /** Wire type name, {@link MessageType#name()}, e.g. {@code inventory.ReserveInventory}. */
    public static final String CE_TYPE = "ce_type";
    /** The sending service, e.g. {@code /inventory-service}. */
    public static final String CE_SOURCE = "ce_source";
    /** When the message was written to the outbox, RFC 3339. */
    public static final String CE_TIME = "ce_time";
    /** The aggregate the message is about, e.g. the order id. */
    public static final String CE_SUBJECT = "ce_subject";
    /** Payload media type; always {@link #JSON}. */
    public static final String CONTENT_TYPE = "content-type";

    // --- platform ---

    /** {@link MessageType#version()} of the payload, as a decimal string; unknown versions are dead-lettered. */
    public static final String SCHEMA_VERSION = "schema-version";
    /** The saga the command or reply belongs to. */
    public static final String SAGA_ID = "saga-id";
    /** The saga definition's type, e.g. {@code place-order}. */
    public static final String SAGA_TYPE = "saga-type";
    /** The saga step a command was sent for, echoed on its reply. */
    public static final String STEP = "step";
    /** The attempt number of that step, echoed on its reply; stale attempts are ignored. */
    public static final String ATTEMPT = "attempt";
    /** The {@link #CE_ID} of the message whose handling produced this one. */
    public static final String CAUSATION_ID = "causation-id";
    /** W3C trace context, carried through the outbox because CDC does not propagate it. */
    public static final String TRACEPARENT = "traceparent";
    /** W3C vendor trace state that goes with {@link #TRACEPARENT}, when the trace has any. */
    public static final String TRACESTATE = "tracestate";

    // --- dead letters ---

    /** Human-readable reason the record was dead-lettered. */
    public static final String DLQ_REASON = "dlq-reason";
    /** Class name of the exception that dead-lettered the record, if any. */
    public static final String DLQ_EXCEPTION = "dlq-exception";
    /** Topic the record was consumed from. */
    public static final String DLQ_ORIGINAL_TOPIC = "dlq-original-topic";
    /** Partition the record was consumed from. */
    public static final String DLQ_ORIGINAL_PARTITION = "dlq-original-partition";
    /** Offset the record was consumed from. */
    public static final String DLQ_ORIGINAL_OFFSET = "dlq-original-offset";
    /** Consumer (inbox consumer name) that gave up on the record. */
    public static final String DLQ_CONSUMER = "dlq-consumer";

    // --- values ---

    /** Value of {@link #CE_SPECVERSION}. */
    public static final String SPEC_VERSION = "1.0";
    /** Value of {@link #CONTENT_TYPE}. */
    public static final String JSON = "application/json";

    private Headers() {
    }
}
