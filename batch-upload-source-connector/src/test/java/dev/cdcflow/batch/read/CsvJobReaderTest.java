package dev.cdcflow.batch.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.batchmodel.Model;
import dev.cdcflow.common.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvJobReaderTest {

    private static final Model MODEL = model();

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

    private static List<CsvRow> readAll(String csv) throws Exception {
        return readAll(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<CsvRow> readAll(InputStream in) throws Exception {
        List<CsvRow> rows = new ArrayList<>();
        try (CsvJobReader reader = CsvJobReader.open(in, MODEL)) {
            for (CsvRow row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        }
        return rows;
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
