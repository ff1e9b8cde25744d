package dev.cdcflow.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class ClickHouseSqlTest {

    @Test
    void unreachableServerTimeoutsAndPassingServerErrorsAreRetriable() {
        assertThat(ClickHouseSql.failure("q", new ConnectionInitiationException("no route", null)))
                .isInstanceOf(RetriableException.class);
        assertThat(ClickHouseSql.failure("q", new ExecutionException(new RuntimeException(
                new ConnectException("Connection refused"))))).isInstanceOf(RetriableException.class);
        assertThat(ClickHouseSql.failure("q", new TimeoutException())).isInstanceOf(RetriableException.class);
        assertThat(ClickHouseSql.failure("q", new ServerException(252, "Too many parts", 500, "id")))
                .isInstanceOf(RetriableException.class);
    }

    @Test
    void errorsThatWouldFailAgainAreNotRetriable() {
        ServerException unknownColumn = new ServerException(47, "Unknown identifier: x", 404, "id");
        assertThat(ClickHouseSql.failure("q", new ExecutionException(unknownColumn))).isSameAs(unknownColumn);
        // Kafka's own ConnectException: named like a connection problem, but it is none.
        org.apache.kafka.connect.errors.ConnectException kafka =
                new org.apache.kafka.connect.errors.ConnectException("bad");
        assertThat(ClickHouseSql.failure("q", kafka)).isSameAs(kafka);
    }

    @Test
    void aServerMessageThatEchoesRowBinaryDataIsCutAndPrintable() {
        ServerException syntax = new ServerException(62, "Syntax error: failed at position 36: `a`b ) FORMAT RowBinary"
                + "\u0001\u0000\uFFFD\u0007garbage\u0002", 400, "id");
        RuntimeException failure = ClickHouseSql.failure("INSERT INTO t", new ExecutionException(syntax));

        assertThat(failure).isNotInstanceOf(RetriableException.class).hasNoCause()
                .hasMessage("ServerException: Syntax error: failed at position 36: `a`b ) FORMAT RowBinary "
                        + "<data left out>");
        assertThat(failure.getStackTrace()).isEqualTo(syntax.getStackTrace());
    }

    @Test
    void binaryBytesOutsideAnInsertEchoBecomeQuestionMarks() {
        assertThat(ClickHouseSql.printable("bad \u0000 byte \uFFFD\nnext line")).isEqualTo("bad ? byte ?\nnext line");
    }
}
