package dev.cdcflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * ValidateRow's counts are an MBean of its own on every worker (the worker's plugin metrics reach a transformation
 * only through an interface workers before Kafka 4.1 cannot load), withdrawn when the transformation closes.
 */
class ValidateRowMetricsTest {

    private static final Schema ROW = SchemaBuilder.struct().name("orders.Value")
            .field("total", Schema.INT32_SCHEMA).build();

    @Test
    void countsAreReadableOverJmxUntilTheTransformationCloses() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName pattern = new ObjectName("dev.cdcflow:type=ValidateRow,*");
        Set<ObjectName> before = server.queryNames(pattern, null);
        ObjectName published;
        try (ValidateRow<SinkRecord> validate = new ValidateRow<>()) {
            validate.configure(Map.of("rules", "orders.total min 0"));
            validate.apply(new SinkRecord("shop.public.orders", 0, null, null, ROW, new Struct(ROW).put("total", 5),
                    0));
            validate.apply(new SinkRecord("shop.public.orders", 0, null, null, ROW, new Struct(ROW).put("total", -1),
                    1));
            Set<ObjectName> now = server.queryNames(pattern, null);
            now.removeAll(before);
            assertThat(now).hasSize(1);
            published = now.iterator().next();
            assertThat(server.getAttribute(published, "valid-records-total")).isEqualTo(1L);
            assertThat(server.getAttribute(published, "invalid-records-total")).isEqualTo(1L);
            assertThat(server.getAttribute(published, "routed-records-total")).isEqualTo(1L);
        }
        assertThat(server.isRegistered(published)).isFalse();
    }
}
