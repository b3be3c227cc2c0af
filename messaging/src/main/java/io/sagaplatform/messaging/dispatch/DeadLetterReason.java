package io.sagaplatform.messaging.dispatch;

import java.util.Locale;

/**
 * Why a record was dead-lettered, as a metric tag: a small closed set, unlike the free-text
 * {@code dlq-reason} header that says exactly what was wrong.
 */
public enum DeadLetterReason {
    /** No handler of this consumer knows the {@code ce_type}. */
    UNKNOWN_TYPE,
    /** The type is known but not in this {@code schema-version}. */
    VERSION,
    /** The payload is missing or does not satisfy the type's JSON Schema. */
    SCHEMA,
    /** A required header is missing or malformed. */
    HEADER,
    /** The handler refused the message or kept failing. */
    HANDLER;

    /** The tag value: {@code unknown-type}, {@code version}, {@code schema}, {@code header}, {@code handler}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
