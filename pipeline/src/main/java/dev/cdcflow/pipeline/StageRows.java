package dev.cdcflow.pipeline;

import dev.cdcflow.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryInputFile;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * A stage table's rows as of one metadata file, read with Iceberg's generic reader; every file (metadata, manifests,
 * Parquet data) is fetched through the local stack's S3 client, so no catalog is opened and nothing is written.
 */
final class StageRows {

    private StageRows() {
    }

    static List<Record> read(LocalStack stack, String name, String metadataLocation) {
        FileIO io = new StackFiles(stack);
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> read = IcebergGenerics.read(new BaseTable(
                new StaticTableOperations(metadataLocation, io), name)).build()) {
            read.forEach(row -> rows.add(row.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read stage table " + name, e);
        }
        return rows;
    }

    /** Files read whole from the local S3 server; read-only. */
    private static final class StackFiles implements FileIO {

        private final transient LocalStack stack;

        StackFiles(LocalStack stack) {
            this.stack = stack;
        }

        @Override
        public InputFile newInputFile(String path) {
            URI location = URI.create(path);
            return new InMemoryInputFile(path, stack.s3().getObject(location.getHost(),
                    location.getPath().substring(1)));
        }

        @Override
        public OutputFile newOutputFile(String path) {
            throw new UnsupportedOperationException("Reading only: " + path);
        }

        @Override
        public void deleteFile(String path) {
            throw new UnsupportedOperationException("Reading only: " + path);
        }
    }
}
