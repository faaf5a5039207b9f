package so.rend.api.player;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetIds;
import so.rend.api.auth.ApiKeys;
import so.rend.api.config.ApiProperties;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.playback.PlaybackBootstrap;
import so.rend.api.playback.PlaybackBootstrap.Bootstrap;

/**
 * The dev mode's player harness: {@code GET /player?asset_id=…} is a page with {@code
 * <rend-player>} on one of the dev account's assets. Its bootstrap comes from {@code GET
 * /player/bootstrap?asset_id=…}, which signs playback URLs without an API key: in dev mode only,
 * for the dev account's assets only, and nothing but playback (whoever reaches a dev API and knows
 * an asset's id could play it, which is what a local harness is for). Without dev mode both answer
 * 404 like any unknown route. The bundle ({@code /player/rend-player.js}, built from {@code
 * player/} into the jar) is public: it is the MIT-licensed player customers embed.
 */
@RestController
public class PlayerPageController {

    private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript");

    private final ApiProperties properties;
    private final PlaybackBootstrap bootstrap;

    /** The bundle's files read so far (at most the few the build put in the jar). */
    final Map<String, byte[]> bundle = new ConcurrentHashMap<>();

    public PlayerPageController(ApiProperties properties, PlaybackBootstrap bootstrap) {
        this.properties = properties;
        this.bootstrap = bootstrap;
    }

    @GetMapping("/player")
    Mono<ResponseEntity<String>> page(
            @RequestParam(name = "asset_id", required = false) String id) {
        UUID asset = devAsset(id);
        return Mono.just(
                ResponseEntity.ok()
                        .contentType(MediaType.TEXT_HTML)
                        .cacheControl(CacheControl.noStore())
                        .body(PlayerPageHtml.of(asset)));
    }

    @GetMapping("/player/bootstrap")
    Mono<ResponseEntity<Bootstrap>> devBootstrap(
            @RequestParam(name = "asset_id", required = false) String id) {
        UUID asset = devAsset(id);
        return bootstrap
                .bootstrap(ApiKeys.DEV_ACCOUNT_ID, asset)
                .map(body -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body));
    }

    /** The module and its chunks ({@code rend-player-hls-<hash>.js}, imported by the module). */
    @GetMapping("/player/{file:rend-player[-A-Za-z0-9]*\\.js}")
    Mono<ResponseEntity<byte[]>> bundle(@PathVariable String file) {
        // Only files the jar has are kept: a name any client can make up must not grow the map.
        byte[] body = bundle.get(file);
        if (body == null) {
            body = readBundle(file);
            if (body.length > 0) {
                bundle.putIfAbsent(file, body);
            }
        }
        if (body.length == 0) {
            return Mono.error(
                    ApiErrorCode.NOT_FOUND.error(
                            "the player bundle is not in this build (built with -Drend.player.skip)"));
        }
        return Mono.just(
                ResponseEntity.ok()
                        .contentType(JAVASCRIPT)
                        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
                        .body(body));
    }

    private UUID devAsset(String id) {
        if (!properties.devMode()) {
            throw ApiErrorCode.NOT_FOUND.error();
        }
        if (id == null || id.isBlank()) {
            throw ApiError.invalidParameter("asset_id", "asset_id is required");
        }
        UUID asset = AssetIds.parse(id);
        if (asset == null) {
            throw ApiError.invalidParameter("asset_id", "asset_id is not an asset id");
        }
        return asset;
    }

    /** A file of the bundle from the jar; empty when the build left the player out. */
    private static byte[] readBundle(String file) {
        try (InputStream in =
                PlayerPageController.class.getClassLoader().getResourceAsStream("player/" + file)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
