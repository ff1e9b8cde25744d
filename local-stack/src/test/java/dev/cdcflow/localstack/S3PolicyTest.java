package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class S3PolicyTest {

    private static final S3Policy PREFIX_WRITER = S3Policy.parse("writer", """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": ["arn:aws:s3:::raw/cdc/*"]},
              {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": ["arn:aws:s3:::raw"],
               "Condition": {"StringLike": {"s3:prefix": ["cdc/*"]}}}]}
            """);

    @Test
    void allowsTheActionsOfItsStatementsOnTheirResources() {
        assertThat(PREFIX_WRITER.allows("s3:PutObject", "arn:aws:s3:::raw/cdc/a/b.avro", Map.of())).isTrue();
        assertThat(PREFIX_WRITER.allows("s3:GetObject", "arn:aws:s3:::raw/cdc/x", Map.of())).isTrue();
        assertThat(PREFIX_WRITER.allows("s3:DeleteObject", "arn:aws:s3:::raw/cdc/x", Map.of())).isFalse();
        assertThat(PREFIX_WRITER.allows("s3:PutObject", "arn:aws:s3:::raw/other/x", Map.of())).isFalse();
        assertThat(PREFIX_WRITER.allows("s3:PutObject", "arn:aws:s3:::rawer/cdc/x", Map.of())).isFalse();
    }

    @Test
    void listsOnlyWithAPrefixItsConditionAllows() {
        assertThat(PREFIX_WRITER.allows("s3:ListBucket", "arn:aws:s3:::raw", Map.of("s3:prefix", "cdc/t+0+")))
                .isTrue();
        assertThat(PREFIX_WRITER.allows("s3:ListBucket", "arn:aws:s3:::raw", Map.of("s3:prefix", ""))).isFalse();
        assertThat(PREFIX_WRITER.allows("s3:ListBucket", "arn:aws:s3:::raw", Map.of())).isFalse();
    }

    @Test
    void aDenyStatementWinsAndAnUnknownConditionNeverMatches() {
        S3Policy policy = S3Policy.parse("mixed", """
                {"Statement": [
                  {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::lake/*"},
                  {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::lake/keep/*"},
                  {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::lake",
                   "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}
                """);

        assertThat(policy.allows("s3:DeleteObject", "arn:aws:s3:::lake/tmp/x", Map.of())).isTrue();
        assertThat(policy.allows("s3:DeleteObject", "arn:aws:s3:::lake/keep/x", Map.of())).isFalse();
        assertThat(policy.allows("s3:ListBucket", "arn:aws:s3:::lake", Map.of("aws:SourceIp", "10.1.2.3")))
                .isFalse();
    }
}
