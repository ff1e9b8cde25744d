package dev.cdcflow.seeder;

import dev.cdcflow.common.NotYetImplemented;
import dev.cdcflow.common.ProjectVersion;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** The seeder's task. Placeholder: refuses to start. */
public class StorefrontSeederTask extends SourceTask {

    @Override
    public void start(Map<String, String> props) {
        throw new ConnectException(NotYetImplemented.message(StorefrontSeederTask.class));
    }

    @Override
    public List<SourceRecord> poll() {
        return null;
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
        return ProjectVersion.get();
    }
}
