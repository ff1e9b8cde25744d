package dev.cdcflow.batch.read;

/** A job's file cannot be read as a CSV of its model (the job fails with this message as its reason). */
public final class JobFileException extends Exception {

    private static final long serialVersionUID = 1L;

    public JobFileException(String message) {
        super(message);
    }

    public JobFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
