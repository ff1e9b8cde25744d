package dev.cdcflow.seeder;

/**
 * A transaction's position was written already when the task came to write it: by another instance of the same task
 * (a zombie, or its successor) or by this task's own earlier attempt, whose commit went through unanswered. The task
 * writes nothing and goes on from the stored position.
 */
final class PositionMovedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long stored;

    PositionMovedException(long position, long stored) {
        super("Position " + position + " is written already: the database stands at " + stored);
        this.stored = stored;
    }

    /** The position the database stands at: the next transaction to write. */
    long stored() {
        return stored;
    }
}
