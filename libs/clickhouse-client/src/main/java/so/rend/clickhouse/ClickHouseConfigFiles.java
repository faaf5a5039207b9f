package so.rend.clickhouse;

import java.nio.file.Path;

/**
 * The smallest configuration clickhouse-server 18.16 (and current releases, which still read the
 * old {@code <yandex>} root) starts with: HTTP only, on loopback, everything under one directory,
 * small caches, as fits a laptop or a 2-core test machine.
 */
final class ClickHouseConfigFiles {

    private ClickHouseConfigFiles() {}

    static String server(Path data, int httpPort) {
        String dir = data.toAbsolutePath() + "/";
        return """
                <?xml version="1.0"?>
                <yandex>
                  <logger><level>warning</level><console>1</console></logger>
                  <http_port>%d</http_port>
                  <listen_host>127.0.0.1</listen_host>
                  <path>%s</path>
                  <tmp_path>%stmp/</tmp_path>
                  <user_files_path>%suser_files/</user_files_path>
                  <format_schema_path>%sformat_schemas/</format_schema_path>
                  <users_config>users.xml</users_config>
                  <default_profile>default</default_profile>
                  <default_database>default</default_database>
                  <timezone>UTC</timezone>
                  <mark_cache_size>67108864</mark_cache_size>
                  <uncompressed_cache_size>67108864</uncompressed_cache_size>
                  <max_concurrent_queries>50</max_concurrent_queries>
                </yandex>
                """
                .formatted(httpPort, dir, dir, dir, dir);
    }

    static String users() {
        return """
                <?xml version="1.0"?>
                <yandex>
                  <profiles><default><max_memory_usage>1000000000</max_memory_usage></default></profiles>
                  <users>
                    <default>
                      <password></password>
                      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                      <profile>default</profile>
                      <quota>default</quota>
                    </default>
                  </users>
                  <quotas><default></default></quotas>
                </yandex>
                """;
    }
}
