package so.rend.api.analytics;

import java.time.Clock;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import so.rend.clickhouse.ClickHouseSettings;

/**
 * The ClickHouse of playback analytics ({@code REND_CLICKHOUSE_*}, the settings the edges write
 * with), migrated on start like Postgres is, except that a ClickHouse that cannot be reached then
 * does not stop the API: uploads and playback do not need it, and the next analytics query
 * migrates.
 */
@Configuration(proxyBeanMethods = false)
public class AnalyticsConfiguration {

    @Bean(destroyMethod = "close")
    PlaybackStore playbackStore(Environment environment) {
        ClickHouseSettings settings =
                Binder.get(environment).bindOrCreate("rend.clickhouse", ClickHouseSettings.class);
        PlaybackStore store = new PlaybackStore(settings);
        if (store.configured()) {
            store.migrateQuietly();
        }
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
