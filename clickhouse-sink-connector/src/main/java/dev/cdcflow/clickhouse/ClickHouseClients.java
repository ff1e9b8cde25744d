package dev.cdcflow.clickhouse;

import com.clickhouse.client.api.Client;

/** Builds the official client (client-v2) from the sink's config. */
public final class ClickHouseClients {

    private ClickHouseClients() {
    }

    public static Client create(ClickHouseSinkConfig config) {
        Client.Builder builder = new Client.Builder()
                .addEndpoint(config.url())
                .setUsername(config.user())
                .setPassword(config.password().value())
                // Compressed responses come back empty from old servers (18.x); answers here are small anyway.
                .compressServerResponse(false)
                .setSocketTimeout(config.timeout().toMillis())
                .setConnectTimeout(Math.min(10_000L, config.timeout().toMillis()))
                // The task retries a failed batch itself, from the consumer's offsets (see ClickHouseSinkTask).
                .setMaxRetries(0);
        // No default database: it may not exist yet, and every statement names its tables in full.
        if (config.sslRootCertificate() != null) {
            builder.setRootCertificate(config.sslRootCertificate());
        }
        if (config.sslTrustStoreLocation() != null) {
            builder.setSSLTrustStore(config.sslTrustStoreLocation())
                    .setSSLTrustStorePassword(config.sslTrustStorePassword().value())
                    .setSSLTrustStoreType(config.sslTrustStoreType());
        }
        return builder.build();
    }
}
