package so.rend.api.analytics;

import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import so.rend.clickhouse.ClickHouseSettings;

/**
 * The store of playback analytics: the ClickHouse of {@code REND_CLICKHOUSE_*} (the settings the
 * edges write with), migrated on start like Postgres is, except that a ClickHouse that cannot be
 * reached then does not stop the API (uploads and playback do not need it, and the next analytics
 * query migrates); or, without one, the embedded mode's DuckDB file ({@code
 * REND_ANALYTICS_DUCKDB}).
 */
@Configuration(proxyBeanMethods = false)
public class AnalyticsConfiguration {

    @Bean(destroyMethod = "close")
    PlaybackStore playbackStore(Environment environment) {
        ClickHouseSettings settings =
                Binder.get(environment).bindOrCreate("rend.clickhouse", ClickHouseSettings.class);
        String duckdb = environment.getProperty("rend.analytics.duckdb", "");
        PlaybackStore store =
                settings.configured() || duckdb.isBlank()
                        ? new ClickHousePlaybackStore(settings)
                        : new DuckDbPlaybackStore(Path.of(duckdb));
        store.prepare();
        return store;
    }

    @Bean(destroyMethod = "close")
    PlaybackRetention playbackRetention(PlaybackStore store, Environment environment) {
        PlaybackRetention retention =
                new PlaybackRetention(
                        store,
                        environment.getProperty("rend.telemetry.retention-days", Integer.class, 90),
                        Clock.systemUTC());
        retention.start();
        return retention;
    }
}
