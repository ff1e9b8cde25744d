package dev.cdcflow.pipeline.batch;

import java.time.Duration;
import java.time.Instant;

/**
 * A job as a person sees it, decided from what landed in ClickHouse: its rows in {@code data_<model_id>} (OK) and
 * its distinct rejected rows (ERRORS) against the total the source counted when it read the file.
 *
 * @param total    rows in the file, once read (null before)
 * @param reason   why the job failed (null unless FAILED)
 * @param startedAt when the source began the file (null while WAITING)
 * @param readAt   when it finished reading (and sending) the file (null before)
 */
public record JobStatus(String jobId, String modelId, State state, Long total, long ok, long errors, String reason,
                        Instant uploadedAt, Instant startedAt, Instant readAt) {

    /** The states a job goes through; the last three are final. */
    public enum State {
        /** Uploaded, not yet picked up by the source. */
        WAITING,
        /** Being read, or its rows still landing. */
        PROCESSING,
        /** Every row landed, none rejected. */
        SUCCESS,
        /** Every row landed or was rejected, some rejected. */
        PARTIAL_SUCCESS,
        /** The file could not be read (the reason says why). */
        FAILED;

        public boolean isFinal() {
            return this == SUCCESS || this == PARTIAL_SUCCESS || this == FAILED;
        }
    }

    /** The state from the source's word on the job and the counts of what landed. */
    static State decide(String sourceState, Long total, long ok, long errors) {
        if (sourceState == null) {
            return State.WAITING;
        }
        if (sourceState.equals("FAILED")) {
            return State.FAILED;
        }
        if (total != null && ok + errors >= total) {
            return errors == 0 ? State.SUCCESS : State.PARTIAL_SUCCESS;
        }
        return State.PROCESSING;
    }

    /** From upload to the source starting the file. */
    public Duration waiting() {
        return uploadedAt == null ? null : Duration.between(uploadedAt, startedAt == null ? Instant.now() : startedAt);
    }

    /**
     * From the source starting the file to having read and sent all of it, once the job is final (its rows landed
     * within the sink's batch wait after that); while it goes on, until now.
     */
    public Duration processing() {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, state.isFinal() && readAt != null ? readAt : Instant.now());
    }

    /** The share of the rows done, 0 to 1; 0 while the total is unknown. */
    public double progress() {
        if (state.isFinal()) {
            return 1;
        }
        return total == null || total == 0 ? 0 : Math.min(1, (double) (ok + errors) / total);
    }
}
