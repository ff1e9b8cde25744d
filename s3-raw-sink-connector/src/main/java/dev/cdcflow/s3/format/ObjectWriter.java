package dev.cdcflow.s3.format;

/** Writes the records of one object in its format; {@link #finish} completes the object in S3. */
public interface ObjectWriter {

    /** The object's key in the bucket. */
    String key();

    void write(Object datum);

    /** Bytes written so far (for flush.bytes): a function of the records alone, so it is the same on a replay. */
    long bytes();

    /** Bytes on the heap that memory pressure can move out. */
    long heapBytes();

    /**
     * Moves the heap bytes out (a part uploaded, or a spill file).
     *
     * @return false when some stay on the heap because the task's spill space is full
     */
    boolean relieve();

    /**
     * Makes the upload create the object only if no object is under its key yet ({@code If-None-Match: *}): an
     * object there was written by another attempt of the partition, and is left as it is.
     */
    void createOnly();

    /** Closes the file and prepares its upload; {@link #upload} may then be called until it succeeds. */
    void close();

    /**
     * Uploads the closed file; an interrupted upload resumes where it stopped when called again.
     *
     * @return whether this call completed the object (false when an earlier call had, or, created only, when
     *         another object was under its key)
     */
    boolean upload();

    /** Drops everything, uploads in progress included. */
    void abort();
}
