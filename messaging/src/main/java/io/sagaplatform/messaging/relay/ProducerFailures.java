package io.sagaplatform.messaging.relay;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Which send failures leave the Kafka producer unusable. A producer that met a fatal error — fenced by another with
 * its id, not authorised, out of sequence, closed — fails every later send, so the relay must not start its next
 * engine on it. Kafka offers no check of whether a producer is still usable; what is known to leave it intact is the
 * kind of failure: a record refused on its own merits (too large, an invalid topic name, not serializable) and a
 * transient condition the producer already retried until its delivery timeout. Anything else, unknown failures
 * included, replaces the producer: a fresh one costs a metadata request, paid only after a failure.
 */
final class ProducerFailures {

    private ProducerFailures() {
    }

    static boolean spoilProducer(Throwable failure) {
        return !(failure instanceof RetriableException
                || failure instanceof RecordTooLargeException
                || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidTopicException
                || failure instanceof InvalidRecordException
                || failure instanceof SerializationException);
    }
}
