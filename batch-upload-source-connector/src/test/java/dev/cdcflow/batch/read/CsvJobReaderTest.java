package dev.cdcflow.batch.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.batchmodel.Model;
import dev.cdcflow.common.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvJobReaderTest {

    private static final Model MODEL = model();
    private static final int MAX_ROW_CHARS = 100_000;
    private static final long ONE_GIB = 1L << 30;

    @Test
    void validRowsBecomeTypedValuesInModelOrder() throws Exception {
        List<CsvRow> rows = readAll("amount,timestamp,event_id\n1.5,1709287200,e1\n\n2,1709287201,\"e,2\"\n");

        assertThat(rows).hasSize(2).allMatch(CsvRow::valid);
        assertThat(rows.get(0).values()).containsExactly("e1", 1709287200L, 1.5, null);
        assertThat(rows.get(1).number()).isEqualTo(2);
        assertThat(rows.get(1).eventId()).isEqualTo("e,2");
    }

    @Test
    void badValuesAndWrongFieldCountsRejectTheRowWithTheirReasons() throws Exception {
        List<CsvRow> rows = readAll("event_id,timestamp,amount\ne1,,x\ne2,1,2,3\ne3,1,2\n");

        assertThat(rows.get(0).problems()).extracting(CsvRow.Problem::column, CsvRow.Problem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("timestamp", ErrorCode.REQUIRED_MISSING),
                        org.assertj.core.groups.Tuple.tuple("amount", ErrorCode.TYPE_MISMATCH));
        assertThat(rows.get(0).problems().get(1).observed()).isEqualTo("x");
        assertThat(rows.get(1).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.WRONG_FIELD_COUNT);
            assertThat(problem.message()).isEqualTo("Row 2 has 4 fields; the header has 3");
        });
        assertThat(rows.get(1).eventId()).isEqualTo("e2");
        assertThat(rows.get(2).valid()).isTrue();
    }

    @Test
    void aHeaderThatDoesNotFitTheModelFailsTheJobNamingTheColumns() {
        assertThatThrownBy(() -> readAll("event_id,amount,colour\ne1,1,red\n"))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("the required column 'timestamp' is missing")
                .hasMessageContaining("'colour' is not a column of the model");
    }

    @Test
    void filesThatAreNotCsvFailTheJobWithTheReason() {
        assertThatThrownBy(() -> readAll("")).hasMessageContaining("The file is empty");
        byte[] latin1 = "event_id,timestamp\ncaf\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(latin1))).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> readAll("event_id,timestamp\n\"e1,1\ne2,2\n"))
                .isInstanceOf(JobFileException.class).hasMessageContaining("row 1");
        assertThatThrownBy(() -> readAll("event_id,event_id,timestamp\n")).isInstanceOf(JobFileException.class)
                .hasMessageContaining("header");
    }

    @Test
    void aByteOrderMarkAndAHeaderOnlyFileAreFine() throws Exception {
        assertThat(readAll("\uFEFFevent_id,timestamp\n")).isEmpty();
    }

    /** A 1 GiB file is read to its end a row at a time: what the reader took from the stream follows the rows read. */
    @Test
    void aOneGigabyteFileIsStreamedRowByRow() throws Exception {
        GeneratedCsv file = new GeneratedCsv("event_id,timestamp,amount\n", ONE_GIB);
        long rows = 0;
        try (CsvJobReader reader = CsvJobReader.open(file, MODEL, MAX_ROW_CHARS)) {
            for (CsvRow row = reader.next(); row != null; row = reader.next()) {
                rows++;
                if (rows == 10_000) {
                    assertThat(file.bytesTaken()).isLessThan(10_000L * GeneratedCsv.ROW_BYTES + 256 * 1024);
                }
                if (!row.valid()) {
                    throw new AssertionError("row " + row.number() + ": " + row.problems());
                }
            }
        }

        assertThat(file.bytesTaken()).isGreaterThanOrEqualTo(ONE_GIB);
        assertThat(rows).isEqualTo(file.rowsMade());
    }

    /**
     * A quote never closed near the top of a 1 GiB file would make the rest of the file one field, held in memory
     * whole; the job fails at that row instead, having taken only a little more than the row limit.
     */
    @Test
    void aQuoteNeverClosedFailsTheJobAtItsRowWithoutReadingOn() {
        GeneratedCsv file = new GeneratedCsv("event_id,timestamp,amount\ne1,1,1\ne2,2,2\n\"e3,3,3\n", ONE_GIB);

        assertThatThrownBy(() -> readAll(file)).isInstanceOf(JobFileException.class)
                .hasMessage("The file cannot be read as CSV: row 3 runs past 100000 characters (a quote never closed,"
                        + " or a file that is not CSV); a longer row needs a larger max.row.chars");
        assertThat(file.bytesTaken()).isLessThan(MAX_ROW_CHARS + 256 * 1024);
    }

    @Test
    void aRowUpToTheLimitIsReadAndALongerOneFailsTheJobNamingIt() throws Exception {
        String longNote = "n".repeat(MAX_ROW_CHARS - 100);
        List<CsvRow> rows = readAll("event_id,timestamp,note\ne1,1," + longNote + "\ne2,2,short\n");
        assertThat(rows).hasSize(2).allMatch(CsvRow::valid);
        assertThat(rows.get(0).values()[3]).isEqualTo(longNote);

        String tooLong = "n".repeat(MAX_ROW_CHARS + 70_000);
        assertThatThrownBy(() -> readAll("event_id,timestamp,note\ne1,1,a\ne2,2," + tooLong + "\ne3,3,b\n"))
                .isInstanceOf(JobFileException.class).hasMessageContaining("row 2 runs past 100000 characters");
    }

    /** A download cut off is not the file's fault: the reader throws the stream's failure, not a failed job. */
    @Test
    void aStreamThatBreaksMidFileIsAStreamFailureNotABadFile() throws Exception {
        InputStream cutOff = new SequenceInputStream(new GeneratedCsv("event_id,timestamp,amount\n", 1_000_000),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Premature end of Content-Length delimited message body");
                    }
                });
        long rows = 0;
        try (CsvJobReader reader = CsvJobReader.open(cutOff, MODEL, MAX_ROW_CHARS)) {
            assertThatThrownBy(() -> {
                while (reader.next() != null) {
                    continue;
                }
            }).isInstanceOf(IOException.class).isNotInstanceOf(JobFileException.class)
                    .hasMessageContaining("Premature end");
            rows = reader.rowsRead();
        }
        assertThat(rows).isPositive();
    }

    private static List<CsvRow> readAll(String csv) throws Exception {
        return readAll(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<CsvRow> readAll(InputStream in) throws Exception {
        List<CsvRow> rows = new ArrayList<>();
        try (CsvJobReader reader = CsvJobReader.open(in, MODEL, MAX_ROW_CHARS)) {
            for (CsvRow row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** A CSV made as it is read: a fixed start, then numbered rows up to a size; counts the bytes taken. */
    private static final class GeneratedCsv extends InputStream {
        private static final byte[] ROW = "e000000000,1709287200,12.50\n".getBytes(StandardCharsets.UTF_8);
        static final int ROW_BYTES = ROW.length;

        private final byte[] start;
        private final long size;
        private final byte[] row = ROW.clone();
        private long taken;
        private long rowsMade;
        private int inRow = ROW.length;

        GeneratedCsv(String start, long size) {
            this.start = start.getBytes(StandardCharsets.UTF_8);
            this.size = size;
        }

        long bytesTaken() {
            return taken;
        }

        long rowsMade() {
            return rowsMade;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = 0;
            while (n < length) {
                if (taken < start.length) {
                    buffer[offset + n++] = start[(int) taken++];
                    continue;
                }
                if (inRow == row.length) {
                    if (taken >= size) {
                        break;
                    }
                    nextRow();
                }
                int chunk = Math.min(length - n, row.length - inRow);
                System.arraycopy(row, inRow, buffer, offset + n, chunk);
                inRow += chunk;
                n += chunk;
                taken += chunk;
            }
            return n == 0 ? -1 : n;
        }

        /** The next row's event id: its number in the nine digits after the 'e'. */
        private void nextRow() {
            long number = ++rowsMade;
            for (int i = 9; i >= 1; i--) {
                row[i] = (byte) ('0' + number % 10);
                number /= 10;
            }
            inRow = 0;
        }
    }

    private static Model model() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("event_id", "String");
        columns.put("timestamp", "UInt32");
        columns.put("amount", "Nullable(Float64)");
        columns.put("note", "Nullable(String)");
        return Model.of("events_000001", "events", columns);
    }
}
