package io.sagaplatform.messaging.relay;

import java.util.List;

/**
 * Told about every batch of outbox records the broker acknowledged, in order, once the batch is marked processed:
 * a bean of this type in a service receives where each of its messages landed (the orchestrator uses it to tell a
 * command still queued at its participant from one consumed without a reply). Called on the relay's thread: keep
 * it short and never throw.
 */
public interface PublicationListener {

    void published(List<Publication> batch);
}
