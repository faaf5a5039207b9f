package so.rend.api.assets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetViews.AssetPage;
import so.rend.api.assets.AssetViews.AssetView;
import so.rend.api.assets.AssetViews.EventPage;
import so.rend.api.assets.AssetViews.EventView;
import so.rend.api.auth.ApiKeyFilter;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/assets}: thin HTTP over {@link AssetRepository} ({@code POST /v1/videos} is {@link
 * VideosController}'s).
 */
@RestController
public class AssetsController {

    static final int MAX_PAGE = 100;
    static final int MAX_EVENTS = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AssetRepository assets;
    private final AssetDeletion deletion;

    public AssetsController(AssetRepository assets, AssetDeletion deletion) {
        this.assets = assets;
        this.deletion = deletion;
    }

    /** Idempotent: the first call deletes, a repeat answers the same. */
    @DeleteMapping("/v1/assets/{assetId}")
    Mono<Map<String, Object>> delete(ServerWebExchange exchange, @PathVariable String assetId) {
        UUID id = AssetIds.parse(assetId);
        if (id == null) {
            return Mono.error(ApiError.assetNotFound());
        }
        return deletion.delete(ApiKeyFilter.account(exchange), id)
                .map(
                        deleted -> {
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("asset_id", deleted.assetId());
                            body.put("state", "deleted");
                            body.put("deleted_at", deleted.deletedAt());
                            body.put("tokens_revoked_until", deleted.revokedUntil());
                            body.put("objects_removed_after", deleted.objectsRemovedAfter());
                            return body;
                        });
    }

    @GetMapping("/v1/assets/{assetId}")
    Mono<AssetView> asset(ServerWebExchange exchange, @PathVariable String assetId) {
        return visibleAsset(exchange, assetId).map(AssetView::of);
    }

    @GetMapping("/v1/assets")
    Mono<AssetPage> list(
            ServerWebExchange exchange,
            @RequestParam(name = "limit", required = false) String limit,
            @RequestParam(name = "cursor", required = false) String cursor,
            @RequestParam(name = "external_id", required = false) String externalId,
            @RequestParam(name = "creator_id", required = false) String creatorId,
            @RequestParam(name = "playable_state", required = false) String playableState,
            @RequestParam(name = "created_after", required = false) String createdAfter) {
        int pageSize = intParameter("limit", limit, 25, 1, MAX_PAGE);
        // Every tag as sent: a List @RequestParam would split on commas and trim each part.
        List<String> tags = exchange.getRequest().getQueryParams().get("tag");
        AssetFilter filter =
                AssetFilter.parse(externalId, creatorId, tags, playableState, createdAfter);
        AssetCursor after = null;
        if (cursor != null && !cursor.isEmpty()) {
            after = AssetCursor.decode(cursor);
            if (after == null) {
                throw ApiErrorCode.INVALID_CURSOR.error();
            }
            if (!after.issuedFor(filter)) {
                throw ApiErrorCode.INVALID_CURSOR.error(
                        "the cursor belongs to a list with other filters; repeat the filters it"
                                + " was issued with");
            }
        }
        // One extra row tells whether another page exists.
        return assets.page(ApiKeyFilter.account(exchange), filter, after, pageSize + 1)
                .collectList()
                .map(
                        rows -> {
                            List<Asset> page = rows.subList(0, Math.min(pageSize, rows.size()));
                            String next =
                                    rows.size() > pageSize
                                            ? AssetCursor.after(page.get(page.size() - 1), filter)
                                                    .encode()
                                            : null;
                            return new AssetPage(page.stream().map(AssetView::of).toList(), next);
                        });
    }

    @GetMapping("/v1/assets/{assetId}/events")
    Mono<EventPage> events(
            ServerWebExchange exchange,
            @PathVariable String assetId,
            @RequestParam(name = "after_sequence", required = false) String afterSequence,
            @RequestParam(name = "limit", required = false) String limit) {
        long after = longParameter("after_sequence", afterSequence, 0);
        int pageSize = intParameter("limit", limit, 100, 1, MAX_EVENTS);
        return visibleAsset(exchange, assetId)
                .flatMap(asset -> assets.events(asset.id(), after, pageSize).collectList())
                .map(
                        events ->
                                new EventPage(
                                        events.stream()
                                                .map(
                                                        e ->
                                                                new EventView(
                                                                        e.sequence(),
                                                                        e.eventId(),
                                                                        e.assetId(),
                                                                        e.eventType(),
                                                                        JSON.readTree(
                                                                                e.payloadJson()),
                                                                        e.createdAt()))
                                                .toList(),
                                        events.isEmpty()
                                                ? after
                                                : events.get(events.size() - 1).sequence()));
    }

    private Mono<Asset> visibleAsset(ServerWebExchange exchange, String assetId) {
        UUID id = AssetIds.parse(assetId);
        if (id == null) {
            return Mono.error(ApiError.assetNotFound());
        }
        return assets.find(ApiKeyFilter.account(exchange), id)
                .switchIfEmpty(Mono.error(ApiError::assetNotFound));
    }

    private static int intParameter(String name, String value, int fallback, int min, int max) {
        long parsed = longParameter(name, value, fallback);
        if (parsed < min || parsed > max) {
            throw ApiError.invalidParameter(name, "must be between " + min + " and " + max);
        }
        return (int) parsed;
    }

    private static long longParameter(String name, String value, long fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw ApiError.invalidParameter(name, "must not be negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiError.invalidParameter(name, "must be a whole number");
        }
    }
}
