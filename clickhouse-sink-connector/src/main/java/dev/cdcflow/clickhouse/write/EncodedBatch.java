package dev.cdcflow.clickhouse.write;

import com.clickhouse.client.api.data_formats.RowBinaryFormatWriter;
import com.clickhouse.data.ClickHouseFormat;
import dev.cdcflow.clickhouse.schema.ColumnType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The rows of one insert, encoded as RowBinary as they arrive. A batch is held as compact bytes (about 60 bytes an
 * order row) rather than as records, so its size is known exactly and the task's heap stays small; the insert then
 * only sends a finished buffer.
 */
final class EncodedBatch {

    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final InsertPlan plan;
    private final Schema valueSchema;
    private final Buffer rows = new Buffer(INITIAL_CAPACITY);
    /** One row at a time: a row that fails half-way through encoding never reaches {@link #rows}. */
    private final ByteArrayOutputStream row = new ByteArrayOutputStream(256);
    private final RowBinaryFormatWriter writer;
    private int rowCount;

    EncodedBatch(InsertPlan plan, Schema valueSchema) {
        this.plan = plan;
        this.valueSchema = valueSchema;
        this.writer = new RowBinaryFormatWriter(row, plan.rowBinarySchema(), ClickHouseFormat.RowBinary);
    }

    /** Whether records of {@code schema} go into this batch (the plan was made for the schema instance). */
    boolean accepts(Schema schema) {
        return schema == valueSchema;
    }

    /** Encodes the record's row; a value its column cannot hold throws, and the batch stays as it was. */
    void add(SinkRecord record) {
        encodeRow(record);
        rows.write(row);
        row.reset();
        rowCount++;
    }

    /**
     * The record's row encoded, not added: to be completed (see {@link UnchangedValues}) and added with
     * {@link #addEncoded}. A value its column cannot hold throws.
     */
    byte[] encode(SinkRecord record) {
        encodeRow(record);
        byte[] encoded = row.toByteArray();
        row.reset();
        return encoded;
    }

    /** Adds a row encoded for this batch's plan. */
    void addEncoded(byte[] encodedRow) {
        rows.write(encodedRow, 0, encodedRow.length);
        rowCount++;
    }

    private void encodeRow(SinkRecord record) {
        Struct value = (Struct) record.value();
        Field[] fields = plan.fields();
        ColumnType.Conversion[] conversions = plan.conversions();
        Object[] nullCells = plan.nullCells();
        int column = 0;
        try {
            for (; column < fields.length; column++) {
                Object field = value.get(fields[column]);
                writer.setValue(column + 1, field == null ? nullCells[column] : conversions[column].convert(field));
            }
            writer.commitRow();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a row for " + plan.table(), e);
        } catch (RuntimeException e) {
            writer.clearRow();
            row.reset();
            throw new DataException("Column '" + (column < fields.length ? fields[column].name() : "?") + "': "
                    + e.getMessage(), e);
        }
    }

    InsertPlan plan() {
        return plan;
    }

    int rows() {
        return rowCount;
    }

    long bytes() {
        return rows.size();
    }

    /** The encoded rows, read in place. */
    InputStream body() {
        return rows.reader();
    }

    /** A byte buffer that appends another without a copy and is read in place. */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer(int capacity) {
            super(capacity);
        }

        void write(ByteArrayOutputStream other) {
            try {
                other.writeTo(this);
            } catch (IOException impossible) {
                throw new UncheckedIOException(impossible);
            }
        }

        InputStream reader() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }
}
