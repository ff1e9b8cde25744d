package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * S3 and the catalog's database going away while rows flow: the stage waits and tries again, and when they are
 * back every row is in the table once, with no data file listed twice.
 */
@LocalStackTest
class StageOutagesTest {

    private static final Duration OUTAGE = Duration.ofSeconds(6);

    @Test
    void s3AndCatalogOutagesLoseNothingAndAddNothingTwice(LocalStack stack) throws InterruptedException {
        stack.s3().createBucket("lakehouse");
        ConnectRestClient rest = stack.connect().rest();
        String topic = "outage.public.orders";
        stack.kafka().createTopic(topic, 2);
        stack.kafka().produce(topic, StageFixtures.orders(1, 30));
        rest.putConnector(StageFixtures.definition(stack, "outage-stage", topic));
        try {
            StageFixtures.awaitAllCommitted(stack, "outage-stage", "outage", topic);

            stack.s3().stop();
            stack.kafka().produce(topic, StageFixtures.orders(31, 60));
            Thread.sleep(OUTAGE.toMillis());
            stack.s3().start();
            StageFixtures.awaitAllCommitted(stack, "outage-stage", "outage", topic);

            stack.postgres().stop();
            stack.kafka().produce(topic, StageFixtures.orders(61, 90));
            Thread.sleep(OUTAGE.toMillis());
            stack.postgres().start();
            StageFixtures.awaitAllCommitted(stack, "outage-stage", "outage", topic);

            StageFixtures.assertRowsAre(StageFixtures.rows(stack, "outage"), 1, 90);
            assertThat(StageFixtures.dataFileLocations(stack, "outage")).doesNotHaveDuplicates();
            assertThat(rest.status("outage-stage").path("tasks").findValuesAsText("state")).containsOnly("RUNNING");
        } finally {
            rest.deleteConnector("outage-stage");
        }
    }

    @Test
    void tasksStartingWhileTheCatalogIsAwayWaitForItAndTakeEveryRowOnce(LocalStack stack)
            throws InterruptedException {
        stack.s3().createBucket("lakehouse");
        ConnectRestClient rest = stack.connect().rest();
        String topic = "late.public.orders";
        stack.kafka().createTopic(topic, 2);
        stack.kafka().produce(topic, StageFixtures.orders(1, 40));
        stack.postgres().stop();
        try {
            rest.putConnector(StageFixtures.definition(stack, "late-stage", topic));
            Thread.sleep(OUTAGE.toMillis());
            assertThat(rest.status("late-stage").path("tasks").findValuesAsText("state"))
                    .as("tasks waiting for the catalog, not failed").doesNotContain("FAILED");
        } finally {
            stack.postgres().start();
        }
        try {
            StageFixtures.awaitAllCommitted(stack, "late-stage", "late", topic);
            StageFixtures.assertRowsAre(StageFixtures.rows(stack, "late"), 1, 40);
            assertThat(StageFixtures.dataFileLocations(stack, "late")).doesNotHaveDuplicates();
        } finally {
            rest.deleteConnector("late-stage");
        }
    }

    @Test
    void aTaskRestartedWhileS3IsAwayWaitsForItAndBothTasksTakeEveryRowOnce(LocalStack stack)
            throws InterruptedException {
        stack.s3().createBucket("lakehouse");
        ConnectRestClient rest = stack.connect().rest();
        String topic = "restart.public.orders";
        stack.kafka().createTopic(topic, 2);
        stack.kafka().produce(topic, StageFixtures.orders(1, 30));
        rest.putConnector(StageFixtures.definition(stack, "restart-stage", topic));
        try {
            StageFixtures.awaitAllCommitted(stack, "restart-stage", "restart", topic);
            stack.s3().stop();
            try {
                stack.kafka().produce(topic, StageFixtures.orders(31, 60));
                rest.restartTask("restart-stage", 1);
                Thread.sleep(OUTAGE.toMillis());
                assertThat(rest.status("restart-stage").path("tasks").findValuesAsText("state"))
                        .as("tasks waiting for S3, not failed").doesNotContain("FAILED");
            } finally {
                stack.s3().start();
            }
            StageFixtures.awaitAllCommitted(stack, "restart-stage", "restart", topic);
            StageFixtures.assertRowsAre(StageFixtures.rows(stack, "restart"), 1, 60);
            assertThat(StageFixtures.dataFileLocations(stack, "restart")).doesNotHaveDuplicates();
            assertThat(rest.status("restart-stage").path("tasks").findValuesAsText("state"))
                    .containsExactly("RUNNING", "RUNNING");
        } finally {
            rest.deleteConnector("restart-stage");
        }
    }
}
