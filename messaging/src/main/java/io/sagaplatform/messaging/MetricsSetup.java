package io.sagaplatform.messaging;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Every meter of the service — the platform's {@code saga.*}, the Kafka clients', the JVM's — carries a
 * {@code service} tag with the service's name, so that one dashboard can put the five services side by side
 * whatever labels the scraper adds.
 */
@Singleton
public class MetricsSetup {

    @Produces
    @Singleton
    MeterFilter serviceTag(MessagingConfig config) {
        return MeterFilter.commonTags(Tags.of("service", config.serviceName()));
    }
}
