package io.sagaplatform.orchestrator.triggers;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.dispatch.MultiTypeHandler;
import io.sagaplatform.orchestrator.application.SagaRegistry;
import io.sagaplatform.orchestrator.application.Sagas;

/**
 * Every reply a registered saga definition (any type, any version still registered) accepts is routed to its saga
 * by the {@code saga-id} header.
 */
@ApplicationScoped
public class SagaReplyHandler implements MultiTypeHandler {

    private final Sagas sagas;
    private final List<MessageType<?>> types;

    SagaReplyHandler(Sagas sagas, SagaRegistry registry) {
        this.sagas = sagas;
        this.types = registry.replyTypes().stream()
                .<MessageType<?>>map(name -> MessageTypes.byName(name).orElseThrow())
                .toList();
    }

    @Override
    public Collection<MessageType<?>> types() {
        return types;
    }

    @Override
    public void handle(Message reply, Envelope envelope) {
        sagas.onReply(reply, envelope);
    }
}
