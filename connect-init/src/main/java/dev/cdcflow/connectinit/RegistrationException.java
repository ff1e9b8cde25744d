package dev.cdcflow.connectinit;

/** A connector could not be registered; the message says which and why. */
public final class RegistrationException extends RuntimeException {

    public RegistrationException(String message) {
        super(message);
    }
}
