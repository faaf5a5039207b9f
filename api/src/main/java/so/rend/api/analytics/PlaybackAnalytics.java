package so.rend.api.analytics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetRepository;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;

/**
 * Playback analytics of an account: Postgres says which assets are the account's (events carry no
 * account: a playback token proves an asset, not who owns it), ClickHouse counts their events.
 * Account-wide answers pass the account's asset ids to ClickHouse in chunks rather than keep a copy
 * of the asset → account mapping there: Postgres stays the one source of ownership, with no second
 * write to keep in step or backfill. The price is a bound, {@link #MAX_ACCOUNT_ASSETS}.
 */
@Service
public class PlaybackAnalytics {

    /** The most assets (created before the window's end) an account-wide answer covers. */
    public static final int MAX_ACCOUNT_ASSETS = 50_000;

    /** Asset ids per statement: five copies of 5,000 ids are about 1 MB of SQL. */
    static final int CHUNK = 5_000;

    private final AssetRepository assets;
    private final PlaybackStore store;

    public PlaybackAnalytics(AssetRepository assets, PlaybackStore store) {
        this.assets = assets;
        this.store = store;
    }

    /** One asset of the account, deleted or not; {@code asset_not_found} for any other. */
    public Mono<PlaybackReports.AssetPlayback> asset(
            UUID accountId, UUID assetId, PlaybackWindow window) {
        if (!store.configured()) {
            return Mono.error(ApiErrorCode.ANALYTICS_NOT_CONFIGURED.error());
        }
        return assets.find(accountId, assetId)
                .switchIfEmpty(Mono.error(ApiError::assetNotFound))
                .flatMap(
                        asset ->
                                store.rows(
                                                PlaybackQueries.asset(
                                                        store.sql(),
                                                        store.eventsTable(),
                                                        assetId,
                                                        window))
                                        .zipWith(
                                                store.rows(
                                                        PlaybackQueries.views(
                                                                store.sql(),
                                                                store.viewsTable(),
                                                                assetId,
                                                                window))))
                .map(
                        rows ->
                                new PlaybackTally()
                                        .add(rows.getT1())
                                        .asset(assetId, window)
                                        .withQoe(PlaybackReports.Qoe.of(rows.getT2())));
    }

    /** Every asset of the account created before the window's end, and its top {@code limit}. */
    public Mono<PlaybackReports.AccountPlayback> account(
            UUID accountId, PlaybackWindow window, int limit) {
        if (!store.configured()) {
            return Mono.error(ApiErrorCode.ANALYTICS_NOT_CONFIGURED.error());
        }
        Instant createdBefore = window.to();
        return assets.idsCreatedBefore(accountId, createdBefore, MAX_ACCOUNT_ASSETS + 1)
                .collectList()
                .flatMap(
                        ids -> {
                            if (ids.size() > MAX_ACCOUNT_ASSETS) {
                                return Mono.error(
                                        ApiErrorCode.ANALYTICS_SCOPE_TOO_LARGE.error(
                                                "the account had more than "
                                                        + MAX_ACCOUNT_ASSETS
                                                        + " assets by the window's end;"
                                                        + " ask per asset"));
                            }
                            return tally(ids, window, limit);
                        })
                .map(tally -> tally.account(window, limit));
    }

    private Mono<PlaybackTally> tally(List<UUID> ids, PlaybackWindow window, int limit) {
        PlaybackTally tally = new PlaybackTally();
        if (ids.isEmpty()) {
            // Still ask ClickHouse, so an outage reads the same with or without assets.
            return store.rows("SELECT 1" + store.sql().end()).thenReturn(tally);
        }
        // One chunk at a time: an account-wide answer holds one ClickHouse query at once.
        return chunks(ids)
                .concatMap(
                        chunk ->
                                store.rows(
                                        PlaybackQueries.account(
                                                store.sql(),
                                                store.eventsTable(),
                                                chunk,
                                                window,
                                                limit)))
                .reduce(tally, PlaybackTally::add);
    }

    /** {@code ids} in consecutive chunks of at most {@link #CHUNK}, one statement each. */
    static Flux<List<UUID>> chunks(List<UUID> ids) {
        return Flux.range(0, (ids.size() + CHUNK - 1) / CHUNK)
                .map(i -> ids.subList(i * CHUNK, Math.min(ids.size(), (i + 1) * CHUNK)));
    }
}
