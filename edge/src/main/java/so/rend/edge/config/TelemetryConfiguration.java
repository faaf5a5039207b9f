package so.rend.edge.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;
import so.rend.edge.telemetry.PlaybackEvents;
import so.rend.edge.telemetry.SentBytes;
import so.rend.edge.telemetry.TelemetryPipeline;

/**
 * Playback telemetry, when {@code REND_CLICKHOUSE_URL} names a ClickHouse or {@code
 * REND_ANALYTICS_DUCKDB} the embedded mode's analytics file.
 */
@Configuration(proxyBeanMethods = false)
public class TelemetryConfiguration {

    @Bean(destroyMethod = "close")
    TelemetryPipeline telemetryPipeline(
            TelemetryProperties telemetry, EdgeProperties edge, MeterRegistry meters) {
        if (!telemetry.enabled()) {
            return TelemetryPipeline.off(edge.edgeId(), edge.region());
        }
        // Beside the cache root, outside the artifact tree the disk tier indexes.
        Path spool =
                edge.cacheDir()
                        .toAbsolutePath()
                        .resolveSibling(edge.cacheDir().getFileName() + ".telemetry");
        return TelemetryPipeline.start(
                new TelemetryPipeline.Settings(
                        telemetry.clickhouse(),
                        telemetry.duckdb(),
                        telemetry.queueCapacity(),
                        telemetry.batchMaxEvents(),
                        telemetry.flushInterval().toMillis(),
                        spool,
                        telemetry.spoolMaxBytes(),
                        telemetry.spoolFileBytes()),
                edge.edgeId(),
                edge.region(),
                meters);
    }

    @Bean
    PlaybackEvents playbackEvents(TelemetryPipeline pipeline) {
        return pipeline.events();
    }

    /** Counts the body bytes each connection really wrote (only when telemetry is on). */
    @Bean
    NettyServerCustomizer sentBytesCounter(TelemetryProperties telemetry) {
        if (!telemetry.enabled()) {
            return server -> server;
        }
        return server ->
                server.doOnChannelInit(
                        (observer, channel, address) ->
                                SentBytes.install(channel.pipeline(), NettyPipeline.HttpCodec));
    }
}
