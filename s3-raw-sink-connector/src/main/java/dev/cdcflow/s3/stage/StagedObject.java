package dev.cdcflow.s3.stage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The bytes of one object while its file is written: on the heap, counted against the task's {@link MemoryBudget},
 * until memory pressure moves them out — uploaded as the next part of a multipart upload once they reach the part
 * size, or else spilled to a local file. {@link #upload} then sends what is left and completes the object. Every
 * step records its progress, so an upload interrupted by an S3 outage resumes where it stopped.
 */
public final class StagedObject extends OutputStream {

    private static final Logger LOG = LoggerFactory.getLogger(StagedObject.class);

    private static final int SPILL_BUFFER = 64 * 1024;

    private final String key;
    private final S3Store store;
    private final long partSize;
    private final SpillSpace spillSpace;
    /** False for local staging that must stay whole (Parquet's input): pressure then only spills. */
    private final boolean partsAllowed;

    /** The bytes on the heap; completed parts of the final upload consume them from the start. */
    private final HeapChunks heap;
    private Path spillFile;
    private OutputStream spillOut;
    private long spilledLength;
    private long spillUploaded;
    private String uploadId;
    private final List<String> eTags = new ArrayList<>();
    private long size;
    private boolean uploaded;
    private boolean createOnly;

    public StagedObject(String key, S3Store store, MemoryBudget budget, long partSize, SpillSpace spillSpace,
                        boolean partsAllowed) {
        this.key = key;
        this.store = store;
        this.partSize = partSize;
        this.spillSpace = spillSpace;
        this.partsAllowed = partsAllowed;
        this.heap = new HeapChunks(budget);
    }

    public String key() {
        return key;
    }

    /** Makes {@link #upload} leave an object already under the key instead of replacing it. */
    public void createOnly() {
        createOnly = true;
    }

    /** Every byte written so far. */
    public long size() {
        return size;
    }

    /** Bytes held on the heap. */
    public long heapBytes() {
        return heap.available();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        size += length;
        if (spillOut != null) {
            if (!spillSpace.reserve(length)) {
                throw spillSpace.full(key);
            }
            try {
                spillOut.write(bytes, offset, length);
            } catch (IOException e) {
                throw SpillSpace.failure(spillFile, e);
            }
            spilledLength += length;
            return;
        }
        heap.write(bytes, offset, length);
    }

    /**
     * Takes the bytes off the heap: as the next part when they fill one (and S3 answers), else into a spill file.
     * The object's content and its eventual key do not change; only where its bytes wait does.
     *
     * @return false when the bytes stay on the heap: the task's spill space cannot take them
     */
    public boolean relieve() {
        if (heapBytes() == 0) {
            return true;
        }
        if (partsAllowed && spillOut == null && heapBytes() >= partSize) {
            try {
                uploadHeapPart(heapBytes());
                heap.clear();
                return true;
            } catch (RetriableException s3Away) {
                // S3 is away: the disk takes the bytes instead, nothing waits for S3 here.
            }
        }
        return spill();
    }

    /**
     * Sends what is not uploaded yet and completes the object; called once its file is closed.
     *
     * @return whether this call completed the object (false when an earlier call had)
     */
    public boolean upload() {
        if (uploaded) {
            return false;
        }
        if (spillOut != null && heapBytes() > 0 && !spill()) {
            // One place for what is left, so that every part but the last is a full one.
            throw spillSpace.full(key);
        }
        flushSpill();
        boolean created;
        if (uploadId == null && spillFile == null && heapBytes() <= partSize) {
            created = store.put(key, heapBody(heapBytes()), createOnly);
        } else if (uploadId == null && spillFile != null && spilledLength <= partSize) {
            created = store.put(key, RequestBody.fromFile(spillFile), createOnly);
        } else {
            uploadRemainingParts();
            created = store.completeMultipart(key, uploadId, eTags, createOnly);
            if (!created) {
                store.abortMultipart(key, uploadId);
            }
        }
        if (!created) {
            LOG.warn("Left the object {} as it was: an object was already under its key (written by another task "
                    + "of its partition while this one went idle, or by an earlier try of this upload whose answer "
                    + "was lost)", key);
        }
        uploaded = true;
        discard();
        return created;
    }

    /** Drops the bytes and any upload in progress (the file will be written again from the same records). */
    public void abort() {
        if (uploadId != null && !uploaded) {
            store.abortMultipart(key, uploadId);
        }
        discard();
    }

    private void uploadRemainingParts() {
        while (spillUploaded < spilledLength) {
            long length = Math.min(partSize, spilledLength - spillUploaded);
            try (InputStream in = Files.newInputStream(spillFile)) {
                in.skipNBytes(spillUploaded);
                uploadNextPart(in, length);
            } catch (IOException e) {
                throw SpillSpace.failure(spillFile, e);
            }
            spillUploaded += length;
        }
        while (heapBytes() > 0 || eTags.isEmpty()) {
            long length = Math.min(partSize, heapBytes());
            uploadHeapPart(length);
            heap.consume(length);
        }
    }

    /** The next {@code length} heap bytes as the next part (read again if the SDK retries). */
    private void uploadHeapPart(long length) {
        uploadNextPart(heapBody(length));
    }

    private RequestBody heapBody(long length) {
        return RequestBody.fromContentProvider(() -> heap.read(length), length, "application/octet-stream");
    }

    private void uploadNextPart(InputStream in, long length) {
        uploadNextPart(RequestBody.fromInputStream(in, length));
    }

    private void uploadNextPart(RequestBody body) {
        if (uploadId == null) {
            uploadId = store.startMultipart(key);
        }
        eTags.add(store.uploadPart(key, uploadId, eTags.size() + 1, body));
    }

    /** Moves the heap bytes into the spill file; false when the spill space cannot take them. */
    private boolean spill() {
        long bytes = heapBytes();
        if (!spillSpace.reserve(bytes)) {
            return false;
        }
        try {
            if (spillOut == null) {
                spillFile = spillSpace.newFile();
                spillOut = new BufferedOutputStream(Files.newOutputStream(spillFile), SPILL_BUFFER);
            }
            heap.read(bytes).transferTo(spillOut);
        } catch (IOException e) {
            spillSpace.release(bytes);
            throw SpillSpace.failure(spillFile, e);
        }
        spilledLength += bytes;
        heap.clear();
        return true;
    }

    private void flushSpill() {
        if (spillOut != null) {
            try {
                spillOut.flush();
            } catch (IOException e) {
                throw SpillSpace.failure(spillFile, e);
            }
        }
    }

    /** Reads the whole content back (for local staging that was never uploaded in parts). */
    public InputStream content() {
        if (uploadId != null) {
            throw new IllegalStateException(key + " was partly uploaded; its content is no longer here");
        }
        flushSpill();
        InputStream inMemory = heap.read(heapBytes());
        if (spillFile == null) {
            return inMemory;
        }
        try {
            return new SequenceInputStream(Files.newInputStream(spillFile), inMemory);
        } catch (IOException e) {
            throw SpillSpace.failure(spillFile, e);
        }
    }

    private void discard() {
        heap.clear();
        if (spillOut != null) {
            try {
                spillOut.close();
                Files.deleteIfExists(spillFile);
            } catch (IOException e) {
                throw SpillSpace.failure(spillFile, e);
            }
            spillOut = null;
            spillSpace.release(spilledLength);
        }
    }

    /** Closing the stream only ends writing (the format writer closes it); {@link #upload} sends it. */
    @Override
    public void close() {
        flushSpill();
    }
}
