package dev.cdcflow.localstack;

import java.nio.file.Path;

/**
 * The smallest server config that runs a private ClickHouse (tested with 18.16, the version Debian ships): its own
 * ports on loopback, its own data folder, small caches, UTC, and a password-less {@code default} user.
 */
final class ClickHouseConfig {

    private ClickHouseConfig() {
    }

    static String server(Path dir, int httpPort, int tcpPort) {
        return """
                <?xml version="1.0"?>
                <yandex>
                    <logger>
                        <level>warning</level>
                        <log>%1$s/log/clickhouse-server.log</log>
                        <errorlog>%1$s/log/clickhouse-server.err.log</errorlog>
                        <size>10M</size>
                        <count>2</count>
                    </logger>
                    <listen_host>127.0.0.1</listen_host>
                    <http_port>%2$d</http_port>
                    <tcp_port>%3$d</tcp_port>
                    <path>%1$s/data/</path>
                    <tmp_path>%1$s/tmp/</tmp_path>
                    <user_files_path>%1$s/user_files/</user_files_path>
                    <users_config>%1$s/users.xml</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <timezone>UTC</timezone>
                    <mark_cache_size>67108864</mark_cache_size>
                    <uncompressed_cache_size>67108864</uncompressed_cache_size>
                    <max_concurrent_queries>64</max_concurrent_queries>
                </yandex>
                """.formatted(dir.toAbsolutePath(), httpPort, tcpPort);
    }

    static String users() {
        return """
                <?xml version="1.0"?>
                <yandex>
                    <profiles>
                        <default>
                            <max_memory_usage>4000000000</max_memory_usage>
                            <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>
                        </default>
                    </profiles>
                    <users>
                        <default>
                            <password></password>
                            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                            <profile>default</profile>
                            <quota>default</quota>
                        </default>
                    </users>
                    <quotas>
                        <default>
                            <interval>
                                <duration>3600</duration>
                                <queries>0</queries>
                                <errors>0</errors>
                                <result_rows>0</result_rows>
                                <read_rows>0</read_rows>
                                <execution_time>0</execution_time>
                            </interval>
                        </default>
                    </quotas>
                </yandex>
                """;
    }
}
