package so.rend.edge.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import so.rend.edge.cache.DiskTier;
import so.rend.edge.cache.RamTier;
import so.rend.edge.fill.FillCoordinator;
import so.rend.edge.origin.Origin;
import so.rend.edge.playback.EdgeCache;
import so.rend.edge.revocation.RevokedAssets;
import so.rend.edgeprotocol.InternalToken;
import so.rend.objectstore.ObjectStore;
import so.rend.playback.PlaybackKey;
import so.rend.playback.PlaybackTokens;

/** The edge's parts, wired from its settings. */
@Configuration(proxyBeanMethods = false)
public class EdgeConfiguration {

    /** One retry at most: a viewer is waiting, and the backup origin is the better second try. */
    private static final int ORIGIN_ATTEMPTS = 2;

    @Bean
    PlaybackTokens playbackTokens(PlaybackKeyProperties keys) {
        List<PlaybackKey> accepted = keys.keys();
        // The edge only verifies; it never issues tokens.
        return new PlaybackTokens(null, accepted, Clock.systemUTC());
    }

    /** What the control plane presents to this edge, and this edge to the control plane. */
    @Bean
    InternalToken internalToken(EdgeProperties edge) {
        return new InternalToken(edge.internalToken());
    }

    @Bean(destroyMethod = "close")
    ObjectStore originStore(OriginProperties origin) {
        return ObjectStore.create(origin.primary().toConfig(), ORIGIN_ATTEMPTS);
    }

    @Bean
    Origin origin(ObjectStore originStore, OriginProperties origin, EdgeProperties edge) {
        ObjectStore backup =
                origin.backup() != null && origin.backup().configured()
                        ? ObjectStore.create(origin.backup().toConfig(), ORIGIN_ATTEMPTS)
                        : null;
        return new Origin(originStore, backup, edge.originTimeout());
    }

    @Bean
    DiskTier diskTier(EdgeProperties edge, MeterRegistry meters) {
        DiskTier disk = new DiskTier(edge.cacheDir(), edge.cacheMaxBytes());
        meters.gauge("rend.edge.cache.disk.bytes", disk, DiskTier::bytes);
        return disk;
    }

    @Bean
    RamTier ramTier(EdgeProperties edge, MeterRegistry meters) {
        RamTier ram = new RamTier(edge.ramCacheBytes(), edge.ramMaxObjectBytes());
        meters.gauge("rend.edge.cache.ram.bytes", ram, RamTier::bytes);
        return ram;
    }

    @Bean
    FillCoordinator fillCoordinator(
            EdgeProperties edge, Origin origin, DiskTier disk, RamTier ram, MeterRegistry meters) {
        return new FillCoordinator(
                edge.maxInFlightFills(), origin, disk, ram, edge.originTimeout(), meters);
    }

    @Bean
    RevokedAssets revokedAssets(EdgeProperties edge, MeterRegistry meters) {
        // Beside the cache root, outside the artifact tree the disk tier indexes.
        RevokedAssets revoked =
                new RevokedAssets(
                        edge.cacheDir()
                                .toAbsolutePath()
                                .resolveSibling(edge.cacheDir().getFileName() + ".revoked"),
                        Clock.systemUTC());
        meters.gauge("rend.edge.revoked.assets", revoked, RevokedAssets::size);
        return revoked;
    }

    @Bean
    EdgeCache edgeCache(RamTier ram, DiskTier disk, FillCoordinator fills) {
        return new EdgeCache(ram, disk, fills);
    }
}
