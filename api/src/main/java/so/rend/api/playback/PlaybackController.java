package so.rend.api.playback;

import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetIds;
import so.rend.api.auth.ApiKeyFilter;
import so.rend.api.errors.ApiError;

/** {@code GET /v1/assets/<id>/playback}: signed URLs to start playing. */
@RestController
public class PlaybackController {

    private final PlaybackBootstrap bootstrap;

    public PlaybackController(PlaybackBootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @GetMapping("/v1/assets/{assetId}/playback")
    Mono<ResponseEntity<PlaybackBootstrap.Bootstrap>> playback(
            ServerWebExchange exchange, @PathVariable String assetId) {
        UUID id = AssetIds.parse(assetId);
        if (id == null) {
            return Mono.error(ApiError.assetNotFound());
        }
        // Signed URLs are per request and expire: no shared cache may keep them.
        return bootstrap
                .bootstrap(ApiKeyFilter.account(exchange), id)
                .map(body -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body));
    }
}
