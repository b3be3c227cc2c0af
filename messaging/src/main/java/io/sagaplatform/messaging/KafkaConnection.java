package io.sagaplatform.messaging;

import java.util.HashMap;
import java.util.Map;

/**
 * How a Kafka client the platform builds itself (the relay's producer, the orchestrator's admin client) connects:
 * the bootstrap servers and the security settings (SASL, TLS) the service was given as {@code kafka.*} — the same
 * connection its SmallRye consumers use.
 */
public final class KafkaConnection {

    private KafkaConnection() {
    }

    /** Bootstrap servers plus every {@code security.*}, {@code sasl.*} and {@code ssl.*} setting of {@code kafkaConfig}. */
    public static Map<String, Object> settings(Map<String, Object> kafkaConfig) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafkaConfig.get("bootstrap.servers"));
        kafkaConfig.forEach((name, value) -> {
            if (name.startsWith("security.") || name.startsWith("sasl.") || name.startsWith("ssl.")) {
                props.put(name, value);
            }
        });
        return props;
    }
}
