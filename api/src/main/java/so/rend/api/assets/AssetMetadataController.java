package so.rend.api.assets;

import java.util.UUID;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetViews.AssetView;
import so.rend.api.auth.ApiKeyFilter;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.requests.JsonBodies;

/** {@code PATCH /v1/assets/{id}}: the asset's metadata, as a JSON merge patch. */
@RestController
public class AssetMetadataController {

    /**
     * Far above the largest valid patch (every field at its bound, each character a 12-byte
     * surrogate-pair escape), far below anything that costs memory.
     */
    static final int MAX_BODY_BYTES = 64 * 1024;

    static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

    private final AssetMetadataUpdates updates;

    public AssetMetadataController(AssetMetadataUpdates updates) {
        this.updates = updates;
    }

    @PatchMapping("/v1/assets/{assetId}")
    Mono<AssetView> patch(ServerWebExchange exchange, @PathVariable String assetId) {
        UUID id = AssetIds.parse(assetId);
        if (id == null) {
            return Mono.error(ApiError.assetNotFound());
        }
        ServerHttpRequest request = exchange.getRequest();
        if (!json(request)) {
            return Mono.error(
                    ApiErrorCode.UNSUPPORTED_CONTENT_TYPE.error(
                            "a metadata patch is application/merge-patch+json or"
                                    + " application/json"));
        }
        if (request.getHeaders().getContentLength() > MAX_BODY_BYTES) {
            return Mono.error(tooLarge());
        }
        return JsonBodies.join(request.getBody(), MAX_BODY_BYTES, AssetMetadataController::tooLarge)
                .switchIfEmpty(Mono.error(ApiErrorCode.EMPTY_BODY::error))
                .map(body -> MetadataPatch.parse(body, "the body"))
                .flatMap(patch -> updates.apply(ApiKeyFilter.account(exchange), id, patch))
                .map(AssetView::of);
    }

    private static boolean json(ServerHttpRequest request) {
        try {
            MediaType type = request.getHeaders().getContentType();
            return type != null
                    && (type.isCompatibleWith(MERGE_PATCH)
                            || type.isCompatibleWith(MediaType.APPLICATION_JSON))
                    && !type.isWildcardType()
                    && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static ApiError tooLarge() {
        return ApiErrorCode.INVALID_JSON.error(
                "a metadata patch is at most " + MAX_BODY_BYTES + " bytes");
    }
}
