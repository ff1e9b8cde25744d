package dev.cdcflow.s3.format;

import dev.cdcflow.s3.stage.StagedObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.kafka.connect.errors.DataException;

/**
 * An Avro object container file. Avro draws a random sync marker for each file; this one derives it from the
 * object key instead, so that a replay writes the same bytes.
 */
public final class AvroObjectWriter implements ObjectWriter {

    /** Bytes of records per block: small blocks keep each open file's own buffers small. */
    static final int SYNC_INTERVAL = 32 * 1024;

    private final StagedObject staged;
    private final DataFileWriter<Object> writer;

    public AvroObjectWriter(StagedObject staged, Schema schema, CodecFactory codec) {
        this.staged = staged;
        this.writer = new DataFileWriter<>(new GenericDatumWriter<>(schema)).setCodec(codec)
                .setSyncInterval(SYNC_INTERVAL);
        try {
            writer.create(schema, staged, syncMarker(staged.key()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + staged.key(), e);
        }
    }

    @Override
    public String key() {
        return staged.key();
    }

    @Override
    public void write(Object datum) {
        try {
            writer.append(datum);
        } catch (DataFileWriter.AppendWriteException e) {
            throw new DataException("Cannot write a record to " + staged.key() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to " + staged.key(), e);
        }
    }

    @Override
    public String toString() {
        return staged.key();
    }

    @Override
    public long bytes() {
        return staged.size();
    }

    @Override
    public long heapBytes() {
        return staged.heapBytes();
    }

    @Override
    public boolean relieve() {
        return staged.relieve();
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot finish " + staged.key(), e);
        }
    }

    @Override
    public void createOnly() {
        staged.createOnly();
    }

    @Override
    public boolean upload() {
        return staged.upload();
    }

    @Override
    public void abort() {
        try {
            writer.close();
        } catch (IOException | RuntimeException ignored) {
            // The bytes are dropped anyway.
        }
        staged.abort();
    }

    /** 16 bytes from the key's digest: the same key, the same marker, the same file. */
    static byte[] syncMarker(String key) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)),
                    16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
