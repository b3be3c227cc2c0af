package io.sagaplatform.messaging.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.sagaplatform.contracts.Headers;

/** Change events as the engine hands them to the relay's batch handler, and a committer that records what is marked. */
final class TestChanges {

    private TestChanges() {
    }

    /** An outbox row after the EventRouter: routed to its topic, with the envelope headers. */
    static RecordChangeEvent<SourceRecord> outboxChange(String json) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(Headers.CE_ID, UUID.randomUUID().toString());
        headers.addString(Headers.CE_TYPE, "order.OrderPlaced");
        headers.addString(Headers.SAGA_ID, null);
        SourceRecord record = new SourceRecord(Map.of("server", "test"), Map.of("lsn", 1L), "relay.handler.test",
                null, Schema.STRING_SCHEMA, "key-1", Schema.STRING_SCHEMA, json, null, headers);
        return () -> record;
    }

    static RecordChangeEvent<SourceRecord> heartbeat() {
        SourceRecord record = new SourceRecord(Map.of("server", "test"), Map.of("lsn", 2L),
                "__debezium-heartbeat.test", Schema.STRING_SCHEMA, "beat");
        return () -> record;
    }

    /** Records what the handler marks, as the engine's committer would receive it. */
    static final class RecordingCommitter implements DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> {
        final List<RecordChangeEvent<SourceRecord>> marked = new ArrayList<>();
        int batchesFinished;

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record) {
            marked.add(record);
        }

        @Override
        public void markBatchFinished() {
            batchesFinished++;
        }

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record, DebeziumEngine.Offsets offsets) {
            marked.add(record);
        }

        @Override
        public DebeziumEngine.Offsets buildOffsets() {
            throw new UnsupportedOperationException("the relay never builds offsets of its own");
        }
    }
}
