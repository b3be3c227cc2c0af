package io.sagaplatform.messaging;

import java.util.Map;

/** Tests' access to the platform producer's package-private life cycle. */
public final class PlatformProducers {

    private PlatformProducers() {
    }

    /** A producer for tests that never send: it points at a port nobody listens on. */
    public static PlatformProducer unconnected(MessagingConfig config) {
        return new PlatformProducer(Map.of("bootstrap.servers", "localhost:9"), config);
    }

    /** Closes the producer as the container does at shutdown; every later send through it fails. */
    public static void close(PlatformProducer producer) {
        producer.close();
    }
}
