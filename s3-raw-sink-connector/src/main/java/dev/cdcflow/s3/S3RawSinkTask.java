package dev.cdcflow.s3;

import dev.cdcflow.common.NotYetImplemented;
import dev.cdcflow.common.ProjectVersion;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** The sink's task. Placeholder: refuses to start. */
public class S3RawSinkTask extends SinkTask {

    @Override
    public void start(Map<String, String> props) {
        throw new ConnectException(NotYetImplemented.message(S3RawSinkTask.class));
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        throw new ConnectException(NotYetImplemented.message(S3RawSinkTask.class));
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
        return ProjectVersion.get();
    }
}
