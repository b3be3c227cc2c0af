package io.sagaplatform.messaging.dispatch;

/** The message can never be processed as it is; it goes to the dead-letter topic with this reason. */
public class DeadLetterException extends RuntimeException {

    public DeadLetterException(String reason) {
        super(reason);
    }

    public DeadLetterException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
