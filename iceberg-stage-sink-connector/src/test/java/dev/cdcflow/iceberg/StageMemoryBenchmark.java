package dev.cdcflow.iceberg;

import dev.cdcflow.iceberg.commit.Batch;
import dev.cdcflow.iceberg.commit.Position;
import dev.cdcflow.iceberg.commit.TableBuffer;
import dev.cdcflow.iceberg.commit.TableCommitter;
import dev.cdcflow.iceberg.stage.StageConfig;
import dev.cdcflow.iceberg.stage.StageTable;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.io.OutputFile;
import org.apache.kafka.common.TopicPartition;

/**
 * What open data files cost the heap, and what the task's buffer cap (buffer.max.bytes) does about it: rows spread
 * over many day partitions (a snapshot of years of history) written into one stage table on a local warehouse, once
 * with the cap (the task commits whenever the open files' estimate reaches it), once without (everything open until
 * one commit, as a long commit interval would have it). First, the heap one open file takes, to check the estimate
 * the cap uses. Run: scripts/bench-iceberg-stage-memory.sh (a JVM of -Xmx256m).
 */
public final class StageMemoryBenchmark {

    private static final TopicPartition PARTITION = new TopicPartition("bench.public.orders", 0);

    private StageMemoryBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int days = Integer.getInteger("bench.days", 2_000);
        int rows = Integer.getInteger("bench.rows", 20_000);
        long cap = Long.getLong("bench.cap.bytes", 64L * 1024 * 1024);
        System.out.printf("JVM max heap %,d MB; %,d rows over %,d day partitions; buffer.max.bytes %,d MB%n",
                Runtime.getRuntime().maxMemory() >> 20, rows, days, cap >> 20);
        Path warehouse = Files.createTempDirectory("stage-memory");
        try {
            StageTable stage = StageConfig.parse(StageFixtures.STAGE).table("orders");
            int files = Integer.getInteger("bench.calibration.files", 100);
            perOpenFile(table(warehouse, stage, "calibration"), stage, files);
            run("with the cap", table(warehouse, stage, "capped"), stage, rows, days, cap);
            run("without a cap", table(warehouse, stage, "uncapped"), stage, rows, days, Long.MAX_VALUE);
        } finally {
            try (Stream<Path> files = Files.walk(warehouse)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        System.exit(0);
    }

    /** The heap one open file takes: files of one row each, in as many partitions, measured after a GC. */
    private static void perOpenFile(Table table, StageTable stage, int files) {
        TableBuffer buffer = new TableBuffer(table, 0, loaded -> { });
        long before = usedAfterGc();
        for (int i = 0; i < files; i++) {
            buffer.write(row(buffer, stage, i, i), PARTITION, i, i);
        }
        long perFile = (usedAfterGc() - before) / files;
        System.out.printf("heap per open data file: %,d KB measured (%d files of one row open); the cap's estimate "
                + "counts %,d KB%n", perFile >> 10, files, buffer.estimatedBytes() / files >> 10);
        buffer.abort();
    }

    private static void run(String name, Table table, StageTable stage, int rows, int days, long cap) {
        TableBuffer buffer = new TableBuffer(table, 0, loaded -> { });
        TableCommitter committer = new TableCommitter("bench");
        Map<TopicPartition, Position> stored = new HashMap<>();
        int commits = 0;
        long peak = 0;
        long start = System.nanoTime();
        int written = 0;
        try {
            for (int i = 0; i < rows; i++) {
                buffer.write(row(buffer, stage, i, i % days), PARTITION, i, i);
                written++;
                if (buffer.estimatedBytes() >= cap) {
                    peak = Math.max(peak, used());
                    commits += commit(committer, table, buffer, stored);
                }
                if (i % 5_000 == 0) {
                    peak = Math.max(peak, used());
                }
            }
            peak = Math.max(peak, used());
            commits += commit(committer, table, buffer, stored);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: %,d rows in %.1f s (%,.0f rows/s), %d commits, heap used at most %,d MB%n", name,
                    rows, seconds, rows / seconds, commits, peak >> 20);
        } catch (OutOfMemoryError e) {
            buffer = null;
            System.gc();
            System.out.printf("%s: OutOfMemoryError after %,d rows (%s)%n", name, written, e.getMessage());
        }
    }

    private static int commit(TableCommitter committer, Table table, TableBuffer buffer,
                              Map<TopicPartition, Position> stored) {
        Batch batch = buffer.complete();
        committer.commit(table, batch, stored);
        stored.putAll(batch.ends());
        return 1;
    }

    private static Record row(TableBuffer buffer, StageTable stage, int id, int day) {
        GenericRecord row = GenericRecord.create(buffer.rowSchema());
        LocalDate date = LocalDate.of(2020, 1, 1).plusDays(day);
        row.setField("id", (long) id);
        row.setField("status", id % 2 == 0 ? "paid" : "pending");
        row.setField("total", new BigDecimal(id % 10_000 + ".50"));
        row.setField("placed_at", OffsetDateTime.of(date.atTime(10, 0), ZoneOffset.UTC));
        row.setField("event_date", date);
        row.setField("event_date_source", "placed_at");
        return row;
    }

    /** A table in a folder of the local disk, with no catalog: its metadata held by {@link LocalTable}. */
    private static Table table(Path warehouse, StageTable stage, String name) {
        String location = warehouse.resolve(name).toString();
        Map<String, String> properties = new HashMap<>(Map.of(TableProperties.FORMAT_VERSION, "2",
                TableProperties.PARQUET_COMPRESSION, "zstd"));
        String pageBytes = System.getProperty("bench.page.bytes");
        if (pageBytes != null) {
            properties.put(TableProperties.PARQUET_PAGE_SIZE_BYTES, pageBytes);
        }
        LocalTable operations = new LocalTable(TableMetadata.newTableMetadata(stage.schema(),
                stage.spec(stage.schema()), location, properties));
        return new BaseTable(operations, name);
    }

    /** Table operations over local files, the current metadata kept in memory as a catalog would (one writer). */
    private static final class LocalTable implements TableOperations {

        private final LocalFiles io = new LocalFiles();
        private TableMetadata current;

        LocalTable(TableMetadata initial) {
            this.current = initial;
        }

        @Override
        public TableMetadata current() {
            return current;
        }

        @Override
        public TableMetadata refresh() {
            return current;
        }

        @Override
        public void commit(TableMetadata base, TableMetadata metadata) {
            if (base != current) {
                throw new CommitFailedException("The table changed meanwhile");
            }
            // Through JSON, as a catalog stores it: the snapshots then hold none of the writer's cached manifests.
            current = TableMetadataParser.fromJson(TableMetadataParser.toJson(metadata));
        }

        @Override
        public FileIO io() {
            return io;
        }

        @Override
        public String metadataFileLocation(String fileName) {
            return current.location() + "/metadata/" + fileName;
        }

        @Override
        public LocationProvider locationProvider() {
            return LocationProviders.locationsFor(current.location(), current.properties());
        }
    }

    /** Files of the local disk. */
    private static final class LocalFiles implements FileIO {

        @Override
        public InputFile newInputFile(String path) {
            return org.apache.iceberg.Files.localInput(path);
        }

        @Override
        public OutputFile newOutputFile(String path) {
            new File(path).getParentFile().mkdirs();
            return org.apache.iceberg.Files.localOutput(path);
        }

        @Override
        public void deleteFile(String path) {
            new File(path).delete();
        }
    }

    private static long used() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long usedAfterGc() {
        System.gc();
        System.gc();
        return used();
    }
}
