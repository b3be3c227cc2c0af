package io.sagaplatform.messaging.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Every span the test service ends, kept in memory: Quarkus exports to each {@code SpanExporter} bean (its
 * {@code cdi} exporter), and the tests read them back here.
 */
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
