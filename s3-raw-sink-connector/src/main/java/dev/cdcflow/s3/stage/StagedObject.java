package dev.cdcflow.s3.stage;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.errors.RetriableException;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The bytes of one object while its file is written: on the heap, counted against the task's {@link MemoryBudget},
 * until memory pressure moves them out — uploaded as the next part of a multipart upload once they reach the part
 * size, or else spilled to a local file. {@link #upload} then sends what is left and completes the object. Every
 * step records its progress, so an upload interrupted by an S3 outage resumes where it stopped.
 */
public final class StagedObject extends OutputStream {

    private static final int SPILL_BUFFER = 64 * 1024;

    private final String key;
    private final S3Store store;
    private final MemoryBudget budget;
    private final long partSize;
    private final SpillSpace spillSpace;
    /** False for local staging that must stay whole (Parquet's input): pressure then only spills. */
    private final boolean partsAllowed;

    private byte[] memory = new byte[8 * 1024];
    private int memoryLength;
    /** Start of what is not yet uploaded: completed parts of the final upload advance it. */
    private int memoryUploaded;
    private Path spillFile;
    private OutputStream spillOut;
    private long spilledLength;
    private long spillUploaded;
    private String uploadId;
    private final List<String> eTags = new ArrayList<>();
    private long size;
    private boolean uploaded;

    public StagedObject(String key, S3Store store, MemoryBudget budget, long partSize, SpillSpace spillSpace,
                        boolean partsAllowed) {
        this.key = key;
        this.store = store;
        this.budget = budget;
        this.partSize = partSize;
        this.spillSpace = spillSpace;
        this.partsAllowed = partsAllowed;
    }

    public String key() {
        return key;
    }

    /** Every byte written so far. */
    public long size() {
        return size;
    }

    /** Bytes held on the heap. */
    public long heapBytes() {
        return memoryLength - memoryUploaded;
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
        if (memoryLength + length > memory.length) {
            memory = Arrays.copyOf(memory, Math.max(memory.length * 2, memoryLength + length));
        }
        System.arraycopy(bytes, offset, memory, memoryLength, length);
        memoryLength += length;
        budget.add(length);
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
                uploadNextPart(memory, memoryUploaded, memoryLength - memoryUploaded);
                forgetMemory();
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
        if (uploadId == null && spillFile == null && heapBytes() <= partSize) {
            store.put(key, RequestBody.fromInputStream(new ByteArrayInputStream(memory, 0, memoryLength),
                    memoryLength));
        } else if (uploadId == null && spillFile != null && spilledLength <= partSize) {
            store.put(key, RequestBody.fromFile(spillFile));
        } else {
            uploadRemainingParts();
            store.completeMultipart(key, uploadId, eTags);
        }
        uploaded = true;
        discard();
        return true;
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
            int length = (int) Math.min(partSize, heapBytes());
            uploadNextPart(memory, memoryUploaded, length);
            memoryUploaded += length;
            budget.release(length);
        }
    }

    private void uploadNextPart(byte[] bytes, int offset, int length) {
        uploadNextPart(new ByteArrayInputStream(bytes, offset, length), length);
    }

    private void uploadNextPart(InputStream in, long length) {
        if (uploadId == null) {
            uploadId = store.startMultipart(key);
        }
        eTags.add(store.uploadPart(key, uploadId, eTags.size() + 1, RequestBody.fromInputStream(in, length)));
    }

    /** Moves the heap bytes into the spill file; false when the spill space cannot take them. */
    private boolean spill() {
        long bytes = memoryLength - memoryUploaded;
        if (!spillSpace.reserve(bytes)) {
            return false;
        }
        try {
            if (spillOut == null) {
                spillFile = spillSpace.newFile();
                spillOut = new BufferedOutputStream(Files.newOutputStream(spillFile), SPILL_BUFFER);
            }
            spillOut.write(memory, memoryUploaded, memoryLength - memoryUploaded);
        } catch (IOException e) {
            spillSpace.release(bytes);
            throw SpillSpace.failure(spillFile, e);
        }
        spilledLength += bytes;
        forgetMemory();
        return true;
    }

    private void forgetMemory() {
        budget.release(memoryLength - memoryUploaded);
        memory = new byte[8 * 1024];
        memoryLength = 0;
        memoryUploaded = 0;
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
        InputStream inMemory = new ByteArrayInputStream(memory, memoryUploaded, memoryLength - memoryUploaded);
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
        budget.release(heapBytes());
        memory = null;
        memoryLength = 0;
        memoryUploaded = 0;
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
