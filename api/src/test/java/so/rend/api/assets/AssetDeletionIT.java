package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;

/**
 * DELETE on a real PostgreSQL: idempotence, isolation, cancelled jobs, the removal job, and what
 * edges learn.
 */
class AssetDeletionIT {

    private static RunningApi api;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of("REND_DELETE_GRACE_SECS", "600"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void deletingIsIdempotentScopedToTheAccountAndQueuesTheObjectsRemoval() {
        String key = api.newAccountKey();
        byte[] body = UploadApiIT.mp4Like(3000);
        String asset =
                api.send(
                                api.request("/v1/videos", key)
                                        .header("content-type", "video/mp4")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                        .build())
                        .json()
                        .path("asset_id")
                        .asString();

        assertThat(delete(asset, null).status()).isEqualTo(401);
        assertThat(delete(asset, api.newAccountKey()).errorCode()).isEqualTo("asset_not_found");
        Response first = delete(asset, key);
        Response again = delete(asset, key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(first.json().path("state").asString()).isEqualTo("deleted");
        assertThat(api.get("/v1/assets/" + asset, key).json().path("deleted_at").isNull())
                .isFalse();
        assertThat(api.get("/v1/assets", key).json().path("data")).isEmpty();
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.media_jobs WHERE asset_id = '"
                                        + asset
                                        + "' AND kind = 'process_asset' AND state = 'cancelled'"))
                .isEqualTo(1);
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.media_jobs WHERE asset_id = '"
                                        + asset
                                        + "' AND kind = 'delete_asset_objects' AND state = 'queued' AND run_after > now() + interval '500 seconds'"))
                .isEqualTo(1);
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.asset_events WHERE asset_id = '"
                                        + asset
                                        + "' AND event_type = 'asset.deleted'"))
                .isEqualTo(1);

        // An edge that missed the purge learns of the deletion from a heartbeat answer, once the
        // deletion has settled (a few seconds, so a late commit is never stepped over).
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> {
                            Response beat =
                                    api.send(
                                            api.internalRequest(
                                                            "/internal/edges/heartbeat",
                                                            ApiTestEnvironment.INTERNAL_TOKEN)
                                                    .header("content-type", "application/json")
                                                    .POST(
                                                            HttpRequest.BodyPublishers.ofString(
                                                                    "{\"edge_id\":\"e1\",\"region\":\"r\",\"public_url\":\"http://e1\","
                                                                            + "\"internal_url\":\"http://127.0.0.1:1\"}"))
                                                    .build());
                            assertThat(beat.body()).contains(asset);
                        });
    }

    private static Response delete(String asset, String key) {
        return api.send(api.request("/v1/assets/" + asset, key).DELETE().build());
    }
}
