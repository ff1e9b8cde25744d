package dev.cdcflow.batch.read;

import dev.cdcflow.batchmodel.Model;
import dev.cdcflow.batchmodel.ModelColumn;
import dev.cdcflow.batchmodel.ModelType;
import dev.cdcflow.common.ErrorCode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads a job's CSV file as rows of its model, streaming (one record in memory at a time). The first line is the
 * header: it must name every column of the model that is not Nullable, and nothing that is not a column of the
 * model. The file is UTF-8 (a byte-order mark is allowed); RFC 4180 quoting, empty lines skipped. A row whose field
 * count differs from the header's, or whose values do not fit the model, comes with its problems; a file that is
 * not such a CSV (no header, a header that does not fit, bytes that are not UTF-8, a quote never closed, a row
 * longer than the limit) throws {@link JobFileException}, the rows before it having been read. Memory stays that of
 * one row whatever the file's size: a row is read only up to the limit.
 */
public final class CsvJobReader implements Closeable {

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final int MAX_OBSERVED_LENGTH = 200;

    private final Model model;
    private final CSVParser parser;
    private final RowSizeGuard guard;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    /** Per model column, its index in the file's fields, or -1 when the header does not name it. */
    private final int[] fieldIndexes;
    private final int eventIdIndex;
    private long rowNumber;

    private CsvJobReader(Model model, CSVParser parser, RowSizeGuard guard) throws JobFileException {
        this.model = model;
        this.parser = parser;
        this.guard = guard;
        this.header = header(parser);
        checkHeader(model, header);
        this.fieldIndexes = model.columns().stream().mapToInt(column -> header.indexOf(column.name())).toArray();
        this.eventIdIndex = model.eventIdColumn() == null ? -1 : header.indexOf(model.eventIdColumn());
        this.records = parser.iterator();
        guard.rowStarts(1, header.stream().mapToLong(String::length).sum() + header.size() - 1);
    }

    /**
     * Opens the file and reads its header; the stream is closed with the reader (or here, when that fails). A row
     * (the header too) may be up to about {@code maxRowChars} characters long. Failures as in {@link #next()}.
     */
    public static CsvJobReader open(InputStream in, Model model, long maxRowChars) throws JobFileException,
            IOException {
        RowSizeGuard reader = new RowSizeGuard(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)),
                maxRowChars);
        CSVParser parser = null;
        try {
            parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                    .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).setAllowMissingColumnNames(true).get()
                    .parse(reader);
            return new CsvJobReader(model, parser, reader);
        } catch (IOException e) {
            closeQuietly(parser == null ? reader : parser);
            throw streamFailure("its header", e);
        } catch (UncheckedIOException e) {
            closeQuietly(parser == null ? reader : parser);
            throw streamFailure("its header", e.getCause());
        } catch (IllegalArgumentException | IllegalStateException e) {
            closeQuietly(parser == null ? reader : parser);
            throw new JobFileException(unreadable("its header", e), e);
        } catch (JobFileException e) {
            closeQuietly(parser);
            throw e;
        }
    }

    /** The header's field names, as the file has them. */
    public List<String> header() {
        return header;
    }

    /**
     * The next row, or null after the last one. A file that breaks the rules throws {@link JobFileException}; a
     * stream that broke (the download cut off) throws its {@link IOException}: the file may be fine, read it again.
     */
    public CsvRow next() throws JobFileException, IOException {
        CSVRecord record;
        try {
            if (!records.hasNext()) {
                return null;
            }
            record = records.next();
        } catch (UncheckedIOException e) {
            throw streamFailure("row " + (rowNumber + 1), e.getCause());
        } catch (IllegalStateException e) {
            throw new JobFileException(unreadable("row " + (rowNumber + 1), e), e);
        }
        rowNumber++;
        guard.rowStarts(rowNumber + 1, endOf(record));
        return row(record);
    }

    /**
     * Where the record ends, give or take its quotes and line break (the parser does not say): the next row is
     * measured from here.
     */
    private static long endOf(CSVRecord record) {
        long length = Math.max(0, record.size() - 1);
        for (String value : record) {
            length += value.length();
        }
        return record.getCharacterPosition() + length;
    }

    /** The number of rows read so far. */
    public long rowsRead() {
        return rowNumber;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private CsvRow row(CSVRecord record) {
        String eventId = eventIdIndex >= 0 && eventIdIndex < record.size() ? record.get(eventIdIndex) : null;
        Object[] values = new Object[fieldIndexes.length];
        if (record.size() != header.size()) {
            return new CsvRow(rowNumber, values, eventId, fields(record), List.of(new CsvRow.Problem("", header.size()
                    + " fields", ErrorCode.WRONG_FIELD_COUNT, Integer.toString(record.size()), "Row " + rowNumber
                    + " has " + record.size() + " fields; the header has " + header.size())));
        }
        List<CsvRow.Problem> problems = new ArrayList<>(0);
        for (int i = 0; i < fieldIndexes.length; i++) {
            ModelColumn column = model.columns().get(i);
            String field = fieldIndexes[i] < 0 ? null : record.get(fieldIndexes[i]);
            ModelType.Parsed parsed = column.type().parse(column.name(), field);
            if (parsed.ok()) {
                values[i] = parsed.value();
            } else {
                problems.add(new CsvRow.Problem(column.name(), column.type().declared(), parsed.problem(),
                        observed(field), parsed.message()));
            }
        }
        // The fields by name are only for a rejected row's payload: a valid row does without the map.
        return new CsvRow(rowNumber, values, eventId, problems.isEmpty() ? Map.of() : fields(record), problems);
    }

    /** The row's fields by header name (extra fields numbered), as a rejected row's payload shows them. */
    private Map<String, String> fields(CSVRecord record) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < record.size(); i++) {
            fields.put(i < header.size() ? header.get(i) : "field_" + (i + 1), record.get(i));
        }
        return fields;
    }

    private static List<String> header(CSVParser parser) throws JobFileException {
        List<String> names = new ArrayList<>(parser.getHeaderNames());
        if (names.isEmpty()) {
            throw new JobFileException("The file is empty: a job's CSV starts with a header line naming its columns");
        }
        if (!names.get(0).isEmpty() && names.get(0).charAt(0) == BYTE_ORDER_MARK) {
            names.set(0, names.get(0).substring(1));
        }
        return List.copyOf(names.stream().map(String::trim).toList());
    }

    private static void checkHeader(Model model, List<String> header) throws JobFileException {
        List<String> unknown = header.stream().filter(name -> model.column(name) == null).toList();
        List<String> missing = model.columns().stream()
                .filter(column -> !column.type().nullable() && !header.contains(column.name()))
                .map(ModelColumn::name).toList();
        if (!unknown.isEmpty() || !missing.isEmpty()) {
            throw new JobFileException("The header does not fit model '" + model.name() + "' (" + model.id() + ")"
                    + (missing.isEmpty() ? "" : ": the required column" + (missing.size() > 1 ? "s " : " ")
                    + quoted(missing) + (missing.size() > 1 ? " are" : " is") + " missing")
                    + (unknown.isEmpty() ? "" : (missing.isEmpty() ? ": " : "; ") + quoted(unknown)
                    + (unknown.size() > 1 ? " are not columns" : " is not a column") + " of the model")
                    + "; the model's columns: " + model.columnTypes());
        }
    }

    private static String quoted(List<String> names) {
        return names.stream().map(name -> "'" + name + "'").reduce((a, b) -> a + ", " + b).orElse("");
    }

    /**
     * What a failed read means: the file's own fault (not CSV, not UTF-8, a row too long) fails the job and is thrown
     * here as a {@link JobFileException}; a failure of the stream (the download cut off) is returned, for the caller
     * to throw as it is. The exception's type tells them apart.
     */
    private static IOException streamFailure(String where, IOException failure) throws JobFileException {
        if (failure instanceof CSVException || failure instanceof CharacterCodingException
                || failure instanceof RowSizeGuard.RowTooLongException) {
            throw new JobFileException(unreadable(where, failure), failure);
        }
        return failure;
    }

    private static String unreadable(String where, Exception e) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        if (cause instanceof RowSizeGuard.RowTooLongException) {
            return "The file cannot be read as CSV: " + cause.getMessage();
        }
        if (cause instanceof CharacterCodingException) {
            // The decoder reads ahead of the parser: the bytes are at or a little after this point.
            return "The file is not UTF-8 text (found while reading " + where + ")";
        }
        return "The file cannot be read as CSV at " + where + ": " + cause.getMessage();
    }

    private static String observed(String field) {
        if (field == null) {
            return null;
        }
        return field.length() <= MAX_OBSERVED_LENGTH ? field : field.substring(0, MAX_OBSERVED_LENGTH) + "…";
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // Nothing more to report than the failure being thrown.
            }
        }
    }
}
