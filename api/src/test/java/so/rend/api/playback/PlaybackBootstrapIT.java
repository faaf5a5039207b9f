package so.rend.api.playback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.playback.PlaybackKey;
import so.rend.playback.PlaybackPath;
import so.rend.playback.PlaybackTokens;
import so.rend.playback.TokenVerdict;
import tools.jackson.databind.JsonNode;

/**
 * The playback bootstrap on a real PostgreSQL and S3Proxy; the worker's part is played by writing
 * its rows.
 */
class PlaybackBootstrapIT {

    private static final String KEY = "dev-api-key";
    private static final PlaybackTokens EDGE =
            new PlaybackTokens(
                    null,
                    List.of(
                            PlaybackKey.of(
                                    ApiTestEnvironment.PLAYBACK_KEY_ID,
                                    ApiTestEnvironment.PLAYBACK_SECRET)),
                    Clock.systemUTC());
    private static RunningApi api;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void isNotFoundUntilPlayableThenSignsTheOpenerThenTheLadder() {
        UUID asset = upload();
        Response notYet = api.get("/v1/assets/" + asset + "/playback", KEY);
        assertThat(notYet.status()).isEqualTo(404);
        assertThat(notYet.errorCode()).isEqualTo("asset_not_playable");

        artifact(asset, "opener", null, "videos/" + asset + "/opener.mp4");
        artifact(asset, "thumbnail", null, "videos/" + asset + "/thumbnail.jpg");
        state(asset, "opener_ready");
        Response opener = api.get("/v1/assets/" + asset + "/playback", KEY);
        assertThat(opener.status()).isEqualTo(200);
        assertThat(opener.raw().headers().firstValue("cache-control")).contains("no-store");
        JsonNode body = opener.json();
        assertThat(body.path("playable_state").asString()).isEqualTo("opener_ready");
        assertThat(body.path("primary_url").asString())
                .isEqualTo(body.path("opener_url").asString());
        assertThat(body.path("manifest_url").isNull()).isTrue();
        assertThat(body.path("segment_hints")).isEmpty();
        assertOpens(body.path("opener_url").asString(), asset, "opener.mp4");
        assertOpens(body.path("thumbnail_url").asString(), asset, "thumbnail.jpg");

        artifact(asset, "master_playlist", null, "videos/" + asset + "/hls/master.m3u8");
        for (String rendition : List.of("720p", "360p")) {
            artifact(
                    asset,
                    "media_playlist",
                    rendition,
                    "videos/" + asset + "/hls/" + rendition + "/playlist.m3u8");
            artifact(
                    asset,
                    "init_segment",
                    rendition,
                    "videos/" + asset + "/hls/" + rendition + "/init.mp4");
            for (int i = 3; i >= 0; i--) {
                artifact(
                        asset,
                        "media_segment",
                        rendition,
                        "videos/" + asset + "/hls/" + rendition + "/segment_0000" + i + ".m4s");
            }
        }
        state(asset, "hls_ready");
        JsonNode hls = api.get("/v1/assets/" + asset + "/playback", KEY).json();
        assertThat(hls.path("primary_url").asString())
                .isEqualTo(hls.path("manifest_url").asString());
        assertOpens(hls.path("manifest_url").asString(), asset, "hls/master.m3u8");
        assertThat(hls.path("segment_hints")).hasSize(2);
        assertOpens(
                hls.path("segment_hints").get(0).asString(), asset, "hls/360p/segment_00000.m4s");
        assertOpens(
                hls.path("segment_hints").get(1).asString(), asset, "hls/360p/segment_00001.m4s");
        assertThat(hls.path("expires_at").asString()).isNotBlank();
    }

    @Test
    void hintsWhatThePlayerLoadsAfterTheOpener() {
        UUID asset = upload();
        artifact(asset, "opener", null, "videos/" + asset + "/opener.mp4");
        artifact(asset, "master_playlist", null, "videos/" + asset + "/hls/master.m3u8");
        for (String rendition : List.of("720p", "360p", "240p")) {
            String dir = "videos/" + asset + "/hls/" + rendition + "/";
            artifact(asset, "media_playlist", rendition, dir + "index.m3u8");
            artifact(asset, "init_segment", rendition, dir + "init.mp4");
            for (int i = 0; i < 5; i++) {
                artifact(asset, "media_segment", rendition, dir + "segment_0000" + i + ".m4s");
            }
        }
        event(asset, "asset.opener_ready", "{\"segments\": 1, \"width\": 640, \"height\": 360}");
        event(asset, "asset.hls_ready", "{\"segment_seconds\": 2}");
        state(asset, "hls_ready");

        JsonNode body = api.get("/v1/assets/" + asset + "/playback", KEY).json();
        assertOpens(body.path("variant_playlist_url").asString(), asset, "hls/360p/index.m3u8");
        assertOpens(body.path("init_segment_url").asString(), asset, "hls/360p/init.mp4");
        assertThat(body.path("segment_hints")).hasSize(2);
        assertOpens(
                body.path("segment_hints").get(0).asString(), asset, "hls/360p/segment_00001.m4s");
        assertOpens(
                body.path("segment_hints").get(1).asString(), asset, "hls/360p/segment_00002.m4s");
        assertThat(body.path("handoff_seconds").asDouble()).isEqualTo(2.0);
        assertThat(body.path("segment_seconds").asDouble()).isEqualTo(2.0);
    }

    @Test
    void anotherAccountOrADeletedAssetGetsNoBootstrap() {
        UUID asset = upload();
        artifact(asset, "opener", null, "videos/" + asset + "/opener.mp4");
        state(asset, "opener_ready");
        assertThat(api.get("/v1/assets/" + asset + "/playback", KEY).status()).isEqualTo(200);

        assertThat(api.get("/v1/assets/" + asset + "/playback", api.newAccountKey()).errorCode())
                .isEqualTo("asset_not_found");
        assertThat(api.get("/v1/assets/" + asset + "/playback", null).status()).isEqualTo(401);
        api.db()
                .sql("UPDATE rend.assets SET deleted_at = now() WHERE id = :id")
                .bind("id", asset)
                .then()
                .block();
        Response deleted = api.get("/v1/assets/" + asset + "/playback", KEY);
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.errorCode()).isEqualTo("asset_not_found");
    }

    private static void assertOpens(String url, UUID asset, String artifact) {
        URI uri = URI.create(url);
        assertThat(uri.getScheme() + "://" + uri.getHost()).isEqualTo("http://edge.test");
        PlaybackPath path = PlaybackPath.parse(uri.getRawPath()).orElseThrow();
        assertThat(path.assetId()).isEqualTo(asset);
        assertThat(path.artifactPath()).isEqualTo(artifact);
        assertThat(EDGE.verify(path.token(), asset)).isEqualTo(TokenVerdict.VALID);
        assertThat(EDGE.verify(path.token(), UUID.randomUUID())).isNotEqualTo(TokenVerdict.VALID);
    }

    private static UUID upload() {
        byte[] body = new byte[2000];
        System.arraycopy(
                new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, body, 0, 12);
        Response response =
                api.send(
                        api.request("/v1/videos", KEY)
                                .header("content-type", "video/mp4")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build());
        return UUID.fromString(response.json().path("asset_id").asString());
    }

    private static void state(UUID asset, String state) {
        api.db()
                .sql("UPDATE rend.assets SET playable_state = :state WHERE id = :id")
                .bind("state", state)
                .bind("id", asset)
                .then()
                .block();
    }

    private static void event(UUID asset, String type, String payload) {
        api.db()
                .sql(
                        "INSERT INTO rend.asset_events (event_id, account_id, asset_id, event_type, payload) "
                                + "SELECT :event, account_id, id, :type, CAST(:payload AS jsonb) FROM rend.assets WHERE id = :id")
                .bind("event", UUID.randomUUID())
                .bind("type", type)
                .bind("payload", payload)
                .bind("id", asset)
                .then()
                .block();
    }

    private static void artifact(UUID asset, String kind, String rendition, String key) {
        var sql =
                api.db()
                        .sql(
                                "INSERT INTO rend.artifacts (id, asset_id, kind, rendition, object_key, content_type, byte_size) "
                                        + "VALUES (:id, :asset, :kind, :rendition, :key, 'application/octet-stream', 100)")
                        .bind("id", UUID.randomUUID())
                        .bind("asset", asset)
                        .bind("kind", kind)
                        .bind("key", key);
        sql =
                rendition == null
                        ? sql.bindNull("rendition", String.class)
                        : sql.bind("rendition", rendition);
        sql.then().block();
    }
}
