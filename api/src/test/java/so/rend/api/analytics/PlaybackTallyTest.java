package so.rend.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlaybackTallyTest {

    private static final PlaybackWindow WINDOW =
            PlaybackWindow.parse(
                    "2026-11-01T00:00:00Z", "2026-11-01T00:03:00Z", "minute", Instant.EPOCH);
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    @Test
    void chunksOfAnAccountAddUpAndTheirTopListsMergeExactly() {
        long t0 = WINDOW.fromEpochSecond();
        PlaybackTally tally =
                new PlaybackTally()
                        .add(
                                List.of(
                                        row("total", "", 5, 500, t0 + 10, t0 + 50),
                                        row("cache_status", "HIT", 5, 500, t0, t0),
                                        row("top_requests", A.toString(), 4, 100, t0, t0),
                                        row("top_requests", B.toString(), 1, 400, t0, t0),
                                        row("top_bytes", B.toString(), 1, 400, t0, t0),
                                        row("top_bytes", A.toString(), 4, 100, t0, t0)))
                        .add(
                                List.of(
                                        row("total", "", 3, 900, t0 + 5, t0 + 40),
                                        row("cache_status", "HIT", 1, 100, t0, t0),
                                        row("cache_status", "MISS", 2, 800, t0, t0),
                                        row("top_requests", C.toString(), 3, 900, t0, t0),
                                        row("top_bytes", C.toString(), 3, 900, t0, t0)));

        PlaybackReports.AccountPlayback account = tally.account(WINDOW, 2);

        assertThat(account.requests()).isEqualTo(8);
        assertThat(account.bytesServed()).isEqualTo(1400);
        assertThat(account.firstSeen()).isEqualTo(Instant.ofEpochSecond(t0 + 5));
        assertThat(account.lastSeen()).isEqualTo(Instant.ofEpochSecond(t0 + 50));
        assertThat(account.byCacheStatus()).containsEntry("HIT", 6L).containsEntry("MISS", 2L);
        assertThat(account.topAssetsByRequests())
                .extracting(PlaybackReports.TopAsset::assetId)
                .containsExactly(A, C);
        assertThat(account.topAssetsByBytes())
                .extracting(PlaybackReports.TopAsset::assetId)
                .containsExactly(C, B);
    }

    @Test
    void anAssetWithoutRequestsHasAZeroFilledSeriesAndNoFirstOrLastSeen() {
        PlaybackReports.AssetPlayback asset = new PlaybackTally().add(List.of()).asset(A, WINDOW);
        assertThat(asset.requests()).isZero();
        assertThat(asset.firstSeen()).isNull();
        assertThat(asset.lastSeen()).isNull();
        assertThat(asset.series())
                .extracting(PlaybackReports.Point::start)
                .containsExactly(
                        Instant.parse("2026-11-01T00:00:00Z"),
                        Instant.parse("2026-11-01T00:01:00Z"),
                        Instant.parse("2026-11-01T00:02:00Z"));
    }

    private static String[] row(
            String kind, String key, long n, long bytes, long first, long last) {
        return new String[] {
            kind,
            key,
            Long.toString(n),
            Long.toString(bytes),
            Long.toString(first),
            Long.toString(last)
        };
    }
}
