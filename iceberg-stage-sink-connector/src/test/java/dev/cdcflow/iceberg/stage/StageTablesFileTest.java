package dev.cdcflow.iceberg.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The storefront's stage config in the repository reads, and stages the four storefront tables by event date. */
class StageTablesFileTest {

    @Test
    void theRepositorysStageConfigStagesTheFourStorefrontTables() throws IOException {
        StageConfig stage = StageConfig.parse(Files.readString(Path.of("..", "lakehouse", "stage_tables.yaml")));

        assertThat(stage.tableNames()).containsExactlyInAnyOrder("customers", "products", "orders", "order_items");
        for (String name : stage.tableNames()) {
            StageTable table = stage.table(name);
            assertThat(table.partitionBy()).containsExactly(PartitionField.parse("day(event_date)"));
            assertThat(table.columns()).extracting(StageColumn::source)
                    .contains("id", "_op", "_version", "_is_deleted", "_event_date", "_event_date_source");
        }
    }
}
