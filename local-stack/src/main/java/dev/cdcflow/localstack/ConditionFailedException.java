package dev.cdcflow.localstack;

/** Thrown by a probe when the awaited condition can no longer become true; {@link Await} stops waiting at once. */
public class ConditionFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConditionFailedException(String message) {
        super(message);
    }
}
