package dev.cdcflow.s3;

import dev.cdcflow.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** Reads the sink's objects back from the local stack's S3 server with Avro's and Parquet's own readers. */
final class S3Objects {

    static final String BUCKET = "raw";

    private S3Objects() {
    }

    /** The keys of the sink's data objects under {@code prefix} (not its own records under _cdcflow/). */
    static List<String> keys(LocalStack stack, String prefix) {
        return stack.s3().listKeys(BUCKET, prefix).stream().filter(key -> !key.contains("_cdcflow/")).toList();
    }

    /** The records of an Avro object container file, read with DataFileReader. */
    static List<GenericRecord> avro(LocalStack stack, String key) {
        byte[] bytes = stack.s3().getObject(BUCKET, key);
        List<GenericRecord> records = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(new SeekableByteArrayInput(bytes),
                new GenericDatumReader<>())) {
            reader.forEach(records::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + key + " as Avro", e);
        }
        return records;
    }

    /** The records of a Parquet file, read with parquet-avro. */
    static List<GenericRecord> parquet(LocalStack stack, String key) {
        byte[] bytes = stack.s3().getObject(BUCKET, key);
        List<GenericRecord> records = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new BytesInputFile(bytes))
                .build()) {
            for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
                records.add(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + key + " as Parquet", e);
        }
        return records;
    }

    static String string(Object avroValue) {
        return avroValue == null ? null : avroValue.toString();
    }

    static byte[] bytes(Object avroValue) {
        ByteBuffer buffer = ((ByteBuffer) avroValue).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** A Parquet input file over bytes in memory. */
    private record BytesInputFile(byte[] bytes) implements InputFile {

        @Override
        public long getLength() {
            return bytes.length;
        }

        @Override
        public SeekableInputStream newStream() {
            SeekableByteArrayInput in = new SeekableByteArrayInput(bytes);
            return new DelegatingSeekableInputStream(in) {
                @Override
                public long getPos() throws IOException {
                    return in.tell();
                }

                @Override
                public void seek(long position) throws IOException {
                    in.seek(position);
                }
            };
        }
    }
}
