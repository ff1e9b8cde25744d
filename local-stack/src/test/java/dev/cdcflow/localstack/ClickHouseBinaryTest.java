package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickHouseBinaryTest {

    @Test
    void missingBinaryFailsWithHowToInstallIt(@TempDir Path empty) {
        assertThatThrownBy(() -> ClickHouseBinary.locate(Map.of("PATH", empty.toString()), List.of(empty)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install clickhouse-server")
                .hasMessageContaining("CLICKHOUSE_SERVER_BIN");
    }

    @Test
    void overrideWinsOverPath(@TempDir Path dir) throws IOException {
        Path onPath = executable(dir.resolve("path"), "clickhouse-server");
        Path override = executable(dir.resolve("custom"), "my-clickhouse");

        assertThat(ClickHouseBinary.locate(Map.of("PATH", onPath.getParent().toString()), List.of()))
                .isEqualTo(onPath);
        assertThat(ClickHouseBinary.locate(
                Map.of("PATH", onPath.getParent().toString(), "CLICKHOUSE_SERVER_BIN", override.toString()),
                List.of())).isEqualTo(override);
    }

    private static Path executable(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return Files.createFile(dir.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
