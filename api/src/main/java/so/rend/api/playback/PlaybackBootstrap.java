package so.rend.api.playback;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetRepository;
import so.rend.api.config.PlaybackProperties;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.playback.PlaybackStart.Artifact;
import so.rend.api.playback.PlaybackStart.OpenerFacts;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.playback.PlaybackPath;
import so.rend.playback.PlaybackTokens;
import so.rend.playback.SignedToken;

/**
 * What a player needs to start: signed edge URLs of the manifest, opener, thumbnail and, for the
 * prefetch, what the player loads first after the opener (variant playlist, init segment, the
 * segments that follow the opener, see {@link PlaybackStart}), all under one token. Refused (404)
 * until the asset is playable and once it is deleted.
 */
@Service
public class PlaybackBootstrap {

    /**
     * The bootstrap of one asset. {@code manifestUrl} is {@code null} while only the opener is
     * ready; the start hints ({@code variantPlaylistUrl}, {@code initSegmentUrl}, {@code
     * segmentHints}, {@code handoffSeconds}) are {@code null} or empty then. {@code beaconUrl} is
     * where the player reports QoE with the same token, {@code null} when not configured.
     */
    public record Bootstrap(
            UUID assetId,
            String playableState,
            String primaryUrl,
            String manifestUrl,
            String openerUrl,
            String thumbnailUrl,
            List<String> segmentHints,
            String variantPlaylistUrl,
            String initSegmentUrl,
            Double handoffSeconds,
            Double segmentSeconds,
            Instant expiresAt,
            String beaconUrl) {}

    private record Facts(List<Artifact> rows, OpenerFacts opener) {}

    private final AssetRepository assets;
    private final DatabaseClient db;
    private final PlaybackProperties properties;
    private final PlaybackTokens tokens;

    public PlaybackBootstrap(
            AssetRepository assets, DatabaseClient db, PlaybackProperties properties) {
        this.assets = assets;
        this.db = db;
        this.properties = properties;
        this.tokens = new PlaybackTokens(properties.signingKey(), List.of(), Clock.systemUTC());
    }

    public Mono<Bootstrap> bootstrap(UUID accountId, UUID assetId) {
        return assets.find(accountId, assetId)
                .filter(asset -> asset.deletedAt() == null)
                .switchIfEmpty(Mono.error(ApiError::assetNotFound))
                .flatMap(
                        asset -> {
                            String state = asset.playableState();
                            if (!state.equals("opener_ready") && !state.equals("hls_ready")) {
                                return Mono.error(
                                        ApiErrorCode.ASSET_NOT_PLAYABLE.error(
                                                "the asset is not playable yet (playable_state="
                                                        + state
                                                        + ")"));
                            }
                            return Mono.zip(artifacts(assetId), openerFacts(assetId), Facts::new)
                                    .map(facts -> build(assetId, state, facts));
                        });
    }

    private Bootstrap build(UUID assetId, String state, Facts facts) {
        List<Artifact> rows = facts.rows();
        SignedToken token = tokens.issue(assetId, properties.tokenTtl());
        boolean hls =
                state.equals("hls_ready")
                        && rows.stream().anyMatch(r -> r.kind().equals("master_playlist"));
        boolean thumbnail = rows.stream().anyMatch(r -> r.kind().equals("thumbnail"));
        String opener = url(token, assetId, AssetObjectKeys.OPENER);
        String manifest = hls ? url(token, assetId, AssetObjectKeys.MASTER_PLAYLIST) : null;
        PlaybackStart start =
                hls
                        ? PlaybackStart.of(rows, facts.opener(), properties.prefetchSegments())
                        : PlaybackStart.NONE;
        return new Bootstrap(
                assetId,
                state,
                hls ? manifest : opener,
                manifest,
                opener,
                thumbnail ? url(token, assetId, AssetObjectKeys.THUMBNAIL) : null,
                start.segments().stream().map(key -> keyUrl(token, assetId, key)).toList(),
                keyUrl(token, assetId, start.variantPlaylist()),
                keyUrl(token, assetId, start.initSegment()),
                start.handoffSeconds(),
                hls ? facts.opener().segmentSeconds() : null,
                token.expiresAt(),
                properties.beaconUrl());
    }

    private Mono<List<Artifact>> artifacts(UUID assetId) {
        return db.sql(
                        "SELECT kind, rendition, object_key FROM rend.artifacts WHERE asset_id = :asset AND kind <> 'source'")
                .bind("asset", assetId)
                .map(
                        row ->
                                new Artifact(
                                        row.get("kind", String.class),
                                        row.get("rendition", String.class),
                                        row.get("object_key", String.class)))
                .all()
                .collectList();
    }

    /** The worker's word on the opener (segments, size) and the ladder (segment length). */
    private Mono<OpenerFacts> openerFacts(UUID assetId) {
        return db.sql(
                        """
                        SELECT
                          (SELECT (payload->>'segments')::int FROM rend.asset_events
                            WHERE asset_id = :asset AND event_type = 'asset.opener_ready'
                            ORDER BY sequence DESC LIMIT 1) AS segments,
                          (SELECT LEAST((payload->>'width')::int, (payload->>'height')::int)
                            FROM rend.asset_events
                            WHERE asset_id = :asset AND event_type = 'asset.opener_ready'
                            ORDER BY sequence DESC LIMIT 1) AS short_side,
                          (SELECT (payload->>'segment_seconds')::float8 FROM rend.asset_events
                            WHERE asset_id = :asset AND event_type = 'asset.hls_ready'
                            ORDER BY sequence DESC LIMIT 1) AS segment_seconds
                        """)
                .bind("asset", assetId)
                .map(
                        row ->
                                new OpenerFacts(
                                        row.get("segments", Integer.class),
                                        row.get("short_side", Integer.class),
                                        row.get("segment_seconds", Double.class)))
                .one();
    }

    private String keyUrl(SignedToken token, UUID assetId, String objectKey) {
        if (objectKey == null) {
            return null;
        }
        String prefix = AssetObjectKeys.videoPrefix(assetId);
        return url(token, assetId, objectKey.substring(prefix.length()));
    }

    private String url(SignedToken token, UUID assetId, String artifact) {
        return properties.baseUrl() + PlaybackPath.of(token.token(), assetId, artifact);
    }
}
