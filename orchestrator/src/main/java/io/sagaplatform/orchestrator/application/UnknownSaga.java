package io.sagaplatform.orchestrator.application;

import java.util.UUID;

/** No saga has this id. */
public class UnknownSaga extends RuntimeException {

    public UnknownSaga(UUID sagaId) {
        super("No saga " + sagaId);
    }
}
