package so.rend.api.beacons;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import so.rend.api.analytics.PlaybackStore;
import so.rend.api.config.PlaybackProperties;

/**
 * The players' QoE beacons: their token check, budgets ({@code REND_BEACON_RATE_*}) and writer
 * ({@code REND_BEACON_QUEUE_CAPACITY}, {@code REND_BEACON_FLUSH_MS}) into the analytics store.
 */
@Configuration(proxyBeanMethods = false)
public class BeaconConfiguration {

    @Bean(destroyMethod = "close")
    BeaconWriter beaconWriter(PlaybackStore store, Environment environment, MeterRegistry meters) {
        int capacity =
                environment.getProperty("rend.beacons.queue-capacity", Integer.class, 10_000);
        long flush = environment.getProperty("rend.beacons.flush-ms", Long.class, 1_000L);
        if (capacity < 1 || flush < 1) {
            throw new IllegalArgumentException(
                    "REND_BEACON_QUEUE_CAPACITY and REND_BEACON_FLUSH_MS must be positive");
        }
        return new BeaconWriter(store, capacity, flush, meters);
    }

    @Bean
    BeaconController beaconController(
            PlaybackProperties playback,
            PlaybackStore store,
            BeaconWriter writer,
            Environment environment,
            MeterRegistry meters) {
        Clock clock = Clock.systemUTC();
        BeaconLimits limits =
                new BeaconLimits(
                        environment.getProperty(
                                "rend.beacons.rate-per-token-per-min", Long.class, 60L),
                        environment.getProperty(
                                "rend.beacons.rate-per-client-per-min", Long.class, 1200L));
        meters.gauge("rend.api.beacons.buckets", limits, BeaconLimits::size);
        return new BeaconController(
                new BeaconTokens(playback.signingKey(), clock),
                limits,
                store.configured() ? writer : null,
                clock);
    }
}
