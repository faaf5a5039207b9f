package so.rend.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import tools.jackson.databind.JsonNode;

/**
 * How a session ends other than with an asset, on a real API, PostgreSQL and S3Proxy: cancelled (by
 * the API key, or by tus termination) or timed out, it leaves no asset, no staged bytes and no
 * pending S3 multipart upload, its URL answers 410, and its log says so.
 */
class UploadSessionEndingsIT {

    private static RunningApi api;
    private static String key;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of());
        key = api.newAccountKey();
    }

    @AfterAll
    static void stop() {
        DirectUploads.cancelWaiting(api);
        api.close();
    }

    @Test
    void cancelMidUploadLeavesNoAssetNoStagedBytesAndNoPendingMultipartUpload() {
        JsonNode session = DirectUploads.session(api, key, "{\"cors_origin\":\"*\"}");
        String id = session.path("id").asString();
        String url = session.path("url").asString();
        String asset = session.path("asset_id").asString();
        byte[] data = DirectUploads.mp4Like(12 * 1024 * 1024, 7);
        assertThat(UploadSessionsIT.tusCreateOn(api, url, data.length).status()).isEqualTo(201);
        // Six MiB: one 5 MiB part in S3, one MiB staged in Postgres.
        Response patched = patch(url, 0, slice(data, 0, 6 * 1024 * 1024));
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        assertThat(patched.raw().headers().firstValue("upload-offset"))
                .hasValue(Integer.toString(6 * 1024 * 1024));
        assertThat(pendingMultipartUploads(asset)).isOne();
        assertThat(staged(id)).isPositive();

        Response cancelled = cancel(id);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("cancelled");
        assertThat(pendingMultipartUploads(asset)).isZero();
        assertThat(staged(id)).isZero();
        assertThat(api.get("/v1/assets/" + asset, key).status()).isEqualTo(404);
        assertThat(api.count("SELECT count(*) FROM rend.assets WHERE id = '" + asset + "'"))
                .isZero();
        assertThat(head(url).status()).isEqualTo(410);
        assertThat(patch(url, 6 * 1024 * 1024, new byte[10]).status()).isEqualTo(410);
        assertThat(eventTypes(id)).containsExactly("upload.created", "upload.cancelled");
        // Cancelling again answers the cancelled session and logs nothing more.
        assertThat(cancel(id).json().path("status").asString()).isEqualTo("cancelled");
        assertThat(eventTypes(id)).hasSize(2);
    }

    @Test
    void tusTerminationCancelsTheSession() {
        JsonNode session = DirectUploads.session(api, key, "{\"cors_origin\":\"*\"}");
        String url = session.path("url").asString();
        assertThat(UploadSessionsIT.tusCreateOn(api, url, 1000).status()).isEqualTo(201);
        Response deleted =
                api.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Tus-Resumable", "1.0.0")
                                .DELETE()
                                .build());
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(
                        api.get("/v1/uploads/" + session.path("id").asString(), key)
                                .json()
                                .path("status")
                                .asString())
                .isEqualTo("cancelled");
        assertThat(pendingMultipartUploads(session.path("asset_id").asString())).isZero();
    }

    @Test
    void anExpiredSessionAnswers410AndIsRecordedAsTimedOut() throws Exception {
        JsonNode session =
                DirectUploads.session(api, key, "{\"cors_origin\":\"*\",\"timeout_secs\":1}");
        String id = session.path("id").asString();
        String url = session.path("url").asString();
        assertThat(UploadSessionsIT.tusCreateOn(api, url, 1000).status()).isEqualTo(201);
        assertThat(pendingMultipartUploads(session.path("asset_id").asString())).isOne();
        Thread.sleep(1_200);

        Response late = head(url);
        assertThat(late.status()).isEqualTo(410);
        assertThat(patch(url, 0, new byte[10]).status()).isEqualTo(410);
        assertThat(UploadSessionsIT.tusCreateOn(api, url, 1000).status()).isEqualTo(410);
        JsonNode read = api.get("/v1/uploads/" + id, key).json();
        assertThat(read.path("status").asString()).isEqualTo("timed_out");
        assertThat(eventTypes(id)).containsExactly("upload.created", "upload.timed_out");
        assertThat(pendingMultipartUploads(session.path("asset_id").asString())).isZero();
        // A timed out session cannot be cancelled any more.
        assertThat(cancel(id).errorCode()).isEqualTo("upload_not_waiting");
    }

    @Test
    void theSweepTimesOutSessionsNobodyAsksAbout() throws Exception {
        JsonNode session =
                DirectUploads.session(api, key, "{\"cors_origin\":\"*\",\"timeout_secs\":1}");
        String id = session.path("id").asString();
        assertThat(UploadSessionsIT.tusCreateOn(api, session.path("url").asString(), 1000).status())
                .isEqualTo(201);
        Thread.sleep(1_200);
        assertThat(api.context().getBean(UploadSessionExpiry.class).sweep().block()).isPositive();
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.upload_sessions WHERE id = '"
                                        + id
                                        + "' AND status = 'timed_out'"))
                .isOne();
        assertThat(pendingMultipartUploads(session.path("asset_id").asString())).isZero();
    }

    private static Response cancel(String id) {
        return api.send(
                api.request("/v1/uploads/" + id + "/cancel", key)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    private static Response head(String url) {
        return api.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Tus-Resumable", "1.0.0")
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    static Response patch(RunningApi on, String url, long offset, byte[] body) {
        return on.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Offset", Long.toString(offset))
                        .header("Content-Type", "application/offset+octet-stream")
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
    }

    private static Response patch(String url, long offset, byte[] body) {
        return patch(api, url, offset, body);
    }

    static byte[] slice(byte[] data, int from, int length) {
        byte[] part = new byte[length];
        System.arraycopy(data, from, part, 0, length);
        return part;
    }

    static long pendingMultipartUploads(String assetId) {
        return ApiTestEnvironment.store()
                .pendingMultipartUploads("sources/" + assetId + "/")
                .count()
                .block();
    }

    private static long staged(String id) {
        return api.count(
                "SELECT count(*) FROM rend.upload_staged_chunks WHERE upload_id = '" + id + "'");
    }

    private static List<String> eventTypes(String id) {
        return api.get("/v1/uploads/" + id, key)
                .json()
                .path("events")
                .valueStream()
                .map(e -> e.path("type").asString())
                .toList();
    }
}
