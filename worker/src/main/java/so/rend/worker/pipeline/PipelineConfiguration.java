package so.rend.worker.pipeline;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import so.rend.database.DatabaseUrl;
import so.rend.database.PostgresPool;
import so.rend.edgefanout.EdgeFanout;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.S3Settings;
import so.rend.worker.config.EdgeProperties;
import so.rend.worker.config.MediaProperties;
import so.rend.worker.config.WorkerProperties;
import so.rend.worker.media.EncodingSettings;
import so.rend.worker.media.MediaTools;
import so.rend.worker.queue.AssetEventLog;

/** Wires the pipeline: one {@code JobProcessor} per job kind and what they share. */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

    @Bean
    AssetEventLog assetEventLog(JdbcTemplate jdbc) {
        return new AssetEventLog(jdbc);
    }

    @Bean
    AssetRepository assetRepository(JdbcTemplate jdbc, AssetEventLog events) {
        return new AssetRepository(jdbc, events);
    }

    @Bean
    AssetObjects assetObjects(ObjectStore store) {
        return new AssetObjects(store);
    }

    @Bean(destroyMethod = "close")
    SourceUrls sourceUrls(S3Settings s3) {
        return new SourceUrls(s3.toConfig());
    }

    @Bean(destroyMethod = "close")
    ProbeThreads probeThreads() {
        return new ProbeThreads();
    }

    @Bean
    EdgeWarmer edgeWarmer(DatabaseUrl url, AssetEventLog events, EdgeProperties edges) {
        return new EdgeWarmer(
                new EdgeFanout(
                        PostgresPool.connectionFactory(url, "rend-worker-edges"),
                        edges.internalToken(),
                        edges.callbackTargets(),
                        edges.healthyWithin(),
                        edges.warmUrl(),
                        null),
                events);
    }

    @Bean
    ProcessAssetJob processAssetJob(
            AssetRepository assets,
            AssetObjects objects,
            SourceUrls sourceUrls,
            ProbeThreads probeThreads,
            MediaTools tools,
            MediaProperties media,
            WorkerProperties worker,
            EdgeWarmer warmer) {
        EncodingSettings settings = media.encodingSettings();
        return new ProcessAssetJob(
                assets,
                objects,
                new OpenerPublication(
                        media.streamSourceToOpener() ? sourceUrls : null,
                        new SourceProbing(tools, probeThreads, media.sourceLimits()),
                        tools,
                        settings,
                        objects,
                        assets,
                        warmer),
                new ThumbnailPublication(tools, settings, objects, assets),
                new LadderPublication(tools, settings, objects, assets, warmer),
                ScratchSpace.onDisk(worker.scratchReserveBytes()));
    }

    @Bean
    DeleteAssetObjectsJob deleteAssetObjectsJob(AssetObjects objects, AssetRepository assets) {
        return new DeleteAssetObjectsJob(objects, assets);
    }
}
