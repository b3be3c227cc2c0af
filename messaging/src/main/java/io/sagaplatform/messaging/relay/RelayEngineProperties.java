package io.sagaplatform.messaging.relay;

import java.util.Properties;
import java.util.Set;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.messaging.MessagingConfig;

/**
 * The Debezium embedded engine configuration of the relay. Kept in one place because every line is a
 * decision: pgoutput over a publication we own, offsets in the service's own database, the EventRouter
 * applied only to the outbox table, heartbeats that move the slot on a quiet database.
 */
final class RelayEngineProperties {

    static final String OFFSETS_TABLE = "relay_offsets";
    static final String HEARTBEAT_TABLE = "relay_heartbeat";

    /** Driver settings the PostgreSQL connector knows as {@code database.<name>}; it validates them (sslmode). */
    private static final Set<String> CONNECTOR_SETTINGS = Set.of("sslmode", "sslcert", "sslkey", "sslpassword",
            "sslrootcert", "sslfactory", "tcpKeepAlive");
    /** Set by the relay from the URL's host, port and database and from its role: no parameter may replace them. */
    private static final Set<String> RELAY_SETTINGS = Set.of("hostname", "port", "dbname", "user", "password");

    private RelayEngineProperties() {
    }

    static Properties build(MessagingConfig.Relay relay, String slotName, DatabaseCoordinates db, String jdbcUrl,
            String user, String password) {
        // the replication connection may log in as its own role (least privilege); the offsets table is the
        // service's, written with the service's role
        String replicationUser = relay.replicationUser().orElse(user);
        String replicationPassword = relay.replicationPassword().orElse(password);
        Properties p = new Properties();
        p.setProperty("name", slotName + "-relay");
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");

        // Offsets live in the service's own database, next to the outbox they describe.
        p.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
        p.setProperty("offset.storage.jdbc.connection.url", jdbcUrl);
        p.setProperty("offset.storage.jdbc.connection.user", user);
        p.setProperty("offset.storage.jdbc.connection.password", password);
        p.setProperty("offset.storage.jdbc.table.name", OFFSETS_TABLE);
        p.setProperty("offset.flush.interval.ms", Long.toString(relay.offsetFlushInterval().toMillis()));
        p.setProperty("offset.flush.timeout.ms", "10000");

        p.setProperty("database.hostname", db.host());
        p.setProperty("database.port", Integer.toString(db.port()));
        p.setProperty("database.user", replicationUser);
        p.setProperty("database.password", replicationPassword);
        p.setProperty("database.dbname", db.database());
        p.setProperty("topic.prefix", slotName);
        // Debezium builds its connections' URL from host, port and database only: the datasource URL's parameters
        // (TLS above all) would be lost. It hands database.* and driver.* settings to the driver, so they go there.
        db.parameters().forEach((name, value) -> {
            if (CONNECTOR_SETTINGS.contains(name)) {
                p.setProperty("database." + name, value);
            } else if (!RELAY_SETTINGS.contains(name)) {
                p.setProperty("driver." + name, value);
            }
        });

        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slotName);
        p.setProperty("slot.drop.on.stop", "false");
        p.setProperty("publication.name", relay.publicationName());
        p.setProperty("publication.autocreate.mode", "disabled"); // PublicationSetup owns it
        p.setProperty("table.include.list", "public.outbox,public." + HEARTBEAT_TABLE);
        // First start: rows appended before the slot existed are read by the snapshot, later ones by the stream.
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("poll.interval.ms", Long.toString(relay.pollInterval().toMillis()));
        p.setProperty("max.batch.size", Integer.toString(relay.maxBatchSize()));
        p.setProperty("max.queue.size", Integer.toString(Math.max(relay.maxQueueSize(), relay.maxBatchSize() * 4)));

        p.setProperty("heartbeat.interval.ms", Long.toString(relay.heartbeatInterval().toMillis()));
        p.setProperty("heartbeat.action.query", "INSERT INTO " + HEARTBEAT_TABLE + " (id, beat_at) VALUES (1, now())"
                + " ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at");

        // Retriable connection errors: the connector retries by itself before the relay restarts the engine.
        p.setProperty("errors.max.retries", "3");
        p.setProperty("retriable.restart.connector.wait.ms", "1000");

        p.setProperty("transforms", "outbox");
        p.setProperty("predicates", "isOutbox");
        p.setProperty("predicates.isOutbox.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        p.setProperty("predicates.isOutbox.pattern", java.util.regex.Pattern.quote(slotName + ".public.outbox"));
        p.setProperty("transforms.outbox.predicate", "isOutbox");
        p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        p.setProperty("transforms.outbox.table.field.event.id", "id");
        p.setProperty("transforms.outbox.table.field.event.key", "message_key");
        p.setProperty("transforms.outbox.table.field.event.payload", "payload");
        p.setProperty("transforms.outbox.route.by.field", "topic");
        p.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}");
        p.setProperty("transforms.outbox.table.expand.json.payload", "false");
        p.setProperty("transforms.outbox.table.fields.additional.placement", String.join(",",
                "message_id:header:" + Headers.CE_ID,
                "type:header:" + Headers.CE_TYPE,
                "source:header:" + Headers.CE_SOURCE,
                "created_at:header:" + Headers.CE_TIME,
                "aggregate_id:header:" + Headers.CE_SUBJECT,
                "schema_version:header:" + Headers.SCHEMA_VERSION,
                "saga_id:header:" + Headers.SAGA_ID,
                "saga_type:header:" + Headers.SAGA_TYPE,
                "step:header:" + Headers.STEP,
                "attempt:header:" + Headers.ATTEMPT,
                "causation_id:header:" + Headers.CAUSATION_ID,
                "traceparent:header:" + Headers.TRACEPARENT,
                "tracestate:header:" + Headers.TRACESTATE));
        return p;
    }
}
