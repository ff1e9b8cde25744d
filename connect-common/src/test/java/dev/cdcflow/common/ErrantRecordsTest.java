package dev.cdcflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ErrantRecordsTest {

    @Test
    void coordinatesAreWhereConnectReadTheRecordWhateverAnSmtRenamed() {
        SinkRecord read = new SinkRecord("orders", 3, null, null, null, "v", 42);
        SinkRecord renamed = read.newRecord("archive.orders", 0, null, null, null, "v", read.timestamp());

        assertThat(ErrantRecords.coordinates(read)).isEqualTo("orders-3@42");
        assertThat(ErrantRecords.coordinates(renamed)).isEqualTo("orders-3@42");
    }
}
