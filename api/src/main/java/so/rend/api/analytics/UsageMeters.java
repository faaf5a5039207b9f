package so.rend.api.analytics;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetRepository;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;

/**
 * The usage meters the seed prices by: delivered minutes (ClickHouse's deduplicated bytes per file,
 * worth their share of the file's media time as the worker measured it, {@code
 * rend.artifact_media}) and stored minutes (Postgres alone: each asset's length over the time it
 * was kept). Ownership comes from Postgres, as for {@link PlaybackAnalytics}.
 */
@Service
public class UsageMeters {

    /** Distinct (asset, file) pairs delivered in one answer's window, at most. */
    static final int MAX_DELIVERED_FILES = 500_000;

    private final AssetRepository assets;
    private final UsageRepository usage;
    private final PlaybackStore store;
    private final Clock clock;

    public UsageMeters(AssetRepository assets, UsageRepository usage, PlaybackStore store) {
        this.assets = assets;
        this.usage = usage;
        this.store = store;
        this.clock = Clock.systemUTC();
    }

    /** The account's meters, or one asset's when {@code assetId} is set (404 unless it owns it). */
    public Mono<UsageReport> usage(UUID accountId, UUID assetId, PlaybackWindow window, int limit) {
        if (!store.configured()) {
            return Mono.error(ApiErrorCode.ANALYTICS_NOT_CONFIGURED.error());
        }
        Mono<List<UUID>> scope =
                assetId == null
                        ? accountAssets(accountId, window)
                        : assets.find(accountId, assetId)
                                .switchIfEmpty(Mono.error(ApiError::assetNotFound))
                                .thenReturn(List.of(assetId));
        return scope.flatMap(ids -> delivered(ids, window))
                .flatMap(tally -> media(tally))
                .flatMap(
                        tally ->
                                usage.stored(
                                                accountId,
                                                assetId,
                                                window,
                                                PlaybackAnalytics.MAX_ACCOUNT_ASSETS + 1)
                                        .collectList()
                                        .map(
                                                spans ->
                                                        tally.addStored(
                                                                spans, window, clock.instant())))
                .map(tally -> tally.report(window, limit));
    }

    private Mono<List<UUID>> accountAssets(UUID accountId, PlaybackWindow window) {
        return assets.idsCreatedBefore(
                        accountId, window.to(), PlaybackAnalytics.MAX_ACCOUNT_ASSETS + 1)
                .collectList()
                .flatMap(
                        ids ->
                                ids.size() > PlaybackAnalytics.MAX_ACCOUNT_ASSETS
                                        ? Mono.error(tooLarge("assets"))
                                        : Mono.just(ids));
    }

    /** One chunk of assets at a time, as account-wide analytics do. */
    private Mono<UsageTally> delivered(List<UUID> ids, PlaybackWindow window) {
        UsageTally tally = new UsageTally();
        if (ids.isEmpty()) {
            return store.rows("SELECT 1" + store.sql().end()).thenReturn(tally);
        }
        return PlaybackAnalytics.chunks(ids)
                .concatMap(
                        chunk ->
                                store.rows(
                                        UsageQueries.delivered(
                                                store.sql(),
                                                store.eventsTable(),
                                                chunk,
                                                window,
                                                MAX_DELIVERED_FILES + 1)))
                .reduce(tally, UsageTally::addDelivered)
                .flatMap(
                        t ->
                                t.deliveredRows() > MAX_DELIVERED_FILES
                                        ? Mono.error(tooLarge("delivered files"))
                                        : Mono.just(t));
    }

    private Mono<UsageTally> media(UsageTally tally) {
        if (tally.deliveredAssets().isEmpty()) {
            return Mono.just(tally);
        }
        return usage.mediaFiles(tally.deliveredAssets()).collectList().map(tally::addMedia);
    }

    private static ApiError tooLarge(String what) {
        return ApiErrorCode.ANALYTICS_SCOPE_TOO_LARGE.error(
                "the window holds more "
                        + what
                        + " than one usage answer covers; ask per asset"
                        + " (asset_id) or for a shorter window");
    }
}
