package dev.cdcflow.connectinit;

import java.util.HashMap;
import java.util.Map;

/** A connector's name and config, as {@code PUT /connectors/{name}/config} takes them. */
public record ConnectorDefinition(String name, Map<String, String> config) {

    public ConnectorDefinition {
        config = Map.copyOf(config);
    }

    /** This definition with some config keys added or replaced. */
    public ConnectorDefinition with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(config);
        merged.putAll(overrides);
        return new ConnectorDefinition(name, merged);
    }
}
