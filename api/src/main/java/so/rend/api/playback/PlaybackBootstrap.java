package so.rend.api.playback;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetRepository;
import so.rend.api.config.PlaybackProperties;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.playback.PlaybackPath;
import so.rend.playback.PlaybackTokens;
import so.rend.playback.SignedToken;

/**
 * What a player needs to start: signed edge URLs of the manifest, opener, thumbnail and first
 * segments of the rendition it starts on, under one token. Refused (404) until the asset is
 * playable and once it is deleted.
 */
@Service
public class PlaybackBootstrap {

    /**
     * The bootstrap of one asset. {@code manifestUrl} is {@code null} while only the opener is
     * ready.
     */
    public record Bootstrap(
            UUID assetId,
            String playableState,
            String primaryUrl,
            String manifestUrl,
            String openerUrl,
            String thumbnailUrl,
            List<String> segmentHints,
            Instant expiresAt) {}

    private record ArtifactRow(String kind, String rendition, String objectKey) {}

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
                            return artifacts(assetId).map(rows -> build(assetId, state, rows));
                        });
    }

    private Bootstrap build(UUID assetId, String state, List<ArtifactRow> rows) {
        SignedToken token = tokens.issue(assetId, properties.tokenTtl());
        String prefix = AssetObjectKeys.videoPrefix(assetId);
        boolean hls =
                state.equals("hls_ready")
                        && rows.stream().anyMatch(r -> r.kind().equals("master_playlist"));
        boolean thumbnail = rows.stream().anyMatch(r -> r.kind().equals("thumbnail"));
        String opener = url(token, assetId, AssetObjectKeys.OPENER);
        String manifest = hls ? url(token, assetId, AssetObjectKeys.MASTER_PLAYLIST) : null;
        List<String> hints =
                hls
                        ? segmentHints(rows).stream()
                                .map(
                                        r ->
                                                url(
                                                        token,
                                                        assetId,
                                                        r.objectKey().substring(prefix.length())))
                                .toList()
                        : List.of();
        return new Bootstrap(
                assetId,
                state,
                hls ? manifest : opener,
                manifest,
                opener,
                thumbnail ? url(token, assetId, AssetObjectKeys.THUMBNAIL) : null,
                hints,
                token.expiresAt());
    }

    /** The first segments of the lightest rendition: the one a player can start on fastest. */
    private List<ArtifactRow> segmentHints(List<ArtifactRow> rows) {
        Map<String, List<ArtifactRow>> byRendition =
                rows.stream()
                        .filter(r -> r.kind().equals("media_segment") && r.rendition() != null)
                        .collect(Collectors.groupingBy(ArtifactRow::rendition));
        return byRendition.keySet().stream()
                .min(
                        Comparator.comparingInt(PlaybackBootstrap::leadingNumber)
                                .thenComparing(Comparator.naturalOrder()))
                .map(
                        rendition ->
                                byRendition.get(rendition).stream()
                                        .sorted(Comparator.comparing(ArtifactRow::objectKey))
                                        .limit(properties.prefetchSegments())
                                        .toList())
                .orElse(List.of());
    }

    private Mono<List<ArtifactRow>> artifacts(UUID assetId) {
        return db.sql(
                        "SELECT kind, rendition, object_key FROM rend.artifacts WHERE asset_id = :asset AND kind <> 'source'")
                .bind("asset", assetId)
                .map(
                        row ->
                                new ArtifactRow(
                                        row.get("kind", String.class),
                                        row.get("rendition", String.class),
                                        row.get("object_key", String.class)))
                .all()
                .collectList();
    }

    private String url(SignedToken token, UUID assetId, String artifact) {
        return properties.baseUrl() + PlaybackPath.of(token.token(), assetId, artifact);
    }

    /** {@code 720p} → 720; names without a leading number sort last. */
    private static int leadingNumber(String rendition) {
        int i = 0;
        while (i < rendition.length() && Character.isDigit(rendition.charAt(i))) {
            i++;
        }
        return i == 0 || i > 6 ? Integer.MAX_VALUE : Integer.parseInt(rendition.substring(0, i));
    }
}
