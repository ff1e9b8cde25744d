package dev.cdcflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProjectVersionTest {

    @Test
    void versionIsTheFilteredPomVersion() {
        assertThat(ProjectVersion.get())
                .isNotBlank()
                .doesNotContain("${")
                .matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
