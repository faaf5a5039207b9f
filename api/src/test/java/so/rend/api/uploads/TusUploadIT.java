package so.rend.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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
 * tus 1.0 on a direct upload URL, with the real tus-java-client and with hand-made hostile
 * requests, on a real API, PostgreSQL and S3Proxy.
 */
class TusUploadIT {

    private static final int MIB = 1024 * 1024;
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
    void aTusClientSendingOneMibPatchesStoresExactlyTheFileAsAnAsset() throws Exception {
        JsonNode session =
                DirectUploads.session(
                        api,
                        key,
                        "{\"cors_origin\":\"*\",\"new_asset_settings\":{\"title\":\"tus\"}}");
        String id = session.path("id").asString();
        String asset = session.path("asset_id").asString();
        byte[] data = DirectUploads.mp4Like(12 * MIB + 12_345, 1);

        DirectUploads.tusSend(session.path("url").asString(), data, MIB);

        assertThat(DirectUploads.sha256(DirectUploads.storedSource(asset)))
                .isEqualTo(DirectUploads.sha256(data));
        JsonNode read = api.get("/v1/uploads/" + id, key).json();
        assertThat(read.path("status").asString()).isEqualTo("asset_created");
        assertThat(read.path("upload").path("offset").asLong()).isEqualTo(data.length);
        assertThat(read.path("events").valueStream().map(e -> e.path("type").asString()).toList())
                .containsExactly("upload.created", "upload.asset_created");
        JsonNode created = api.get("/v1/assets/" + asset, key).json();
        assertThat(created.path("source_byte_size").asLong()).isEqualTo(data.length);
        assertThat(created.path("title").asString()).isEqualTo("tus");
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.media_jobs WHERE asset_id = '"
                                        + asset
                                        + "'"))
                .isOne();
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.asset_events WHERE event_type = 'asset.created'"
                                        + " AND asset_id = '"
                                        + asset
                                        + "'"))
                .isOne();
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.upload_parts WHERE upload_id = '"
                                        + id
                                        + "'"))
                .isEqualTo(3);
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.upload_staged_chunks WHERE upload_id = '"
                                        + id
                                        + "'"))
                .isZero();
        assertThat(UploadSessionEndingsIT.pendingMultipartUploads(asset)).isZero();
        // An empty PATCH at the end of the finished upload is answered with its offset; more
        // bytes are not taken.
        String url = session.path("url").asString();
        Response atEnd = UploadSessionEndingsIT.patch(api, url, data.length, new byte[0]);
        assertThat(atEnd.status()).isEqualTo(204);
        assertThat(atEnd.raw().headers().firstValue("upload-offset"))
                .hasValue(Integer.toString(data.length));
        assertThat(UploadSessionEndingsIT.patch(api, url, data.length, new byte[5]).status())
                .isEqualTo(413);
    }

    @Test
    void hostileHeadersAreRefusedAndChangeNothing() {
        String url =
                DirectUploads.session(api, key, "{\"cors_origin\":\"*\",\"max_bytes\":1000000}")
                        .path("url")
                        .asString();
        Response noVersion = send(url, "POST", new byte[0], "Upload-Length", "100");
        assertThat(noVersion.status()).isEqualTo(412);
        assertThat(noVersion.raw().headers().firstValue("tus-version")).hasValue("1.0.0");
        assertThat(
                        send(
                                        url,
                                        "POST",
                                        new byte[0],
                                        "Tus-Resumable",
                                        "0.2.2",
                                        "Upload-Length",
                                        "100")
                                .status())
                .isEqualTo(412);
        for (String garbage :
                List.of("-5", "abc", "0x10", "1e3", "+7", "99999999999999999999", "")) {
            assertThat(tus(url, "POST", new byte[0], "Upload-Length", garbage).status())
                    .as(garbage)
                    .isEqualTo(400);
        }
        assertThat(tus(url, "POST", new byte[0], "Upload-Length", "1000001").status())
                .isEqualTo(413);
        assertThat(tus(url, "POST", new byte[0], "Upload-Length", "0").status()).isEqualTo(400);
        assertThat(tus(url, "POST", new byte[0], "Upload-Defer-Length", "1").status())
                .isEqualTo(400);
        assertThat(
                        tus(
                                        url,
                                        "POST",
                                        new byte[0],
                                        "Upload-Length",
                                        "100",
                                        "Upload-Metadata",
                                        "filetype !!!")
                                .status())
                .isEqualTo(400);

        assertThat(tus(url, "POST", new byte[0], "Upload-Length", "100").status()).isEqualTo(201);
        byte[] data = DirectUploads.mp4Like(100, 3);
        assertThat(patch(url, "0", "application/octet-stream", data).status()).isEqualTo(415);
        assertThat(patch(url, "0", null, data).status()).isEqualTo(415);
        for (String garbage : List.of("-1", "x", "0x0", "1.5", "")) {
            assertThat(patch(url, garbage, TusHeaders.PATCH_TYPE.toString(), data).status())
                    .as(garbage)
                    .isEqualTo(400);
        }
        Response ahead = patch(url, "10", TusHeaders.PATCH_TYPE.toString(), data);
        assertThat(ahead.status()).isEqualTo(409);
        assertThat(ahead.errorCode()).isEqualTo("upload_offset_mismatch");
        // A body longer than Upload-Length, declared or not (chunked), is refused whole.
        byte[] tooLong = DirectUploads.mp4Like(101, 3);
        assertThat(patch(url, "0", TusHeaders.PATCH_TYPE.toString(), tooLong).status())
                .isEqualTo(413);
        assertThat(chunkedPatch(url, 0, tooLong).status()).isEqualTo(413);
        assertThat(offset(url)).isZero();
        // The token is the capability: another token for the same session finds nothing.
        String forged = url.substring(0, url.lastIndexOf('/') + 1) + "A".repeat(43);
        assertThat(tus(forged, "HEAD", null).status()).isEqualTo(404);

        assertThat(patch(url, "0", TusHeaders.PATCH_TYPE.toString(), data).status()).isEqualTo(204);
        assertThat(offset(url)).isEqualTo(100);
    }

    @Test
    void aSecondPatchWhileOneIsWritingGets423AndTheUploadStaysWhole() throws Exception {
        JsonNode session = DirectUploads.session(api, key, "{\"cors_origin\":\"*\"}");
        String url = session.path("url").asString();
        String id = session.path("id").asString();
        byte[] data = DirectUploads.mp4Like(2 * MIB, 5);
        created(url, data.length);
        String path = URI.create(url).getRawPath();
        try (Socket first = new Socket("127.0.0.1", api.baseUrl().getPort())) {
            OutputStream out = first.getOutputStream();
            out.write(
                    ("PATCH "
                                    + path
                                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
                                    + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n"
                                    + "Content-Length: "
                                    + data.length
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write(data, 0, MIB);
            out.flush();
            waitForWriter(id);

            Response second = patch(url, "0", TusHeaders.PATCH_TYPE.toString(), data);
            assertThat(second.status()).isIn(409, 423);

            out.write(data, MIB, data.length - MIB);
            out.flush();
            InputStream in = first.getInputStream();
            String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 204");
        }
        assertThat(
                        DirectUploads.sha256(
                                DirectUploads.storedSource(session.path("asset_id").asString())))
                .isEqualTo(DirectUploads.sha256(data));
    }

    @Test
    void aBodyThatIsNotAVideoEndsTheUploadAndLeavesNothing() {
        JsonNode session = DirectUploads.session(api, key, "{\"cors_origin\":\"*\"}");
        String url = session.path("url").asString();
        byte[] text =
                "<html>not a video at all</html>".repeat(100).getBytes(StandardCharsets.US_ASCII);
        created(url, text.length);
        Response refused = patch(url, "0", TusHeaders.PATCH_TYPE.toString(), text);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorCode()).isEqualTo("not_a_video");
        JsonNode read = api.get("/v1/uploads/" + session.path("id").asString(), key).json();
        assertThat(read.path("status").asString()).isEqualTo("errored");
        assertThat(read.path("error").path("code").asString()).isEqualTo("not_a_video");
        assertThat(
                        UploadSessionEndingsIT.pendingMultipartUploads(
                                session.path("asset_id").asString()))
                .isZero();
        assertThat(tus(url, "HEAD", null).status()).isEqualTo(410);
    }

    private static void created(String url, long length) {
        assertThat(tus(url, "POST", new byte[0], "Upload-Length", Long.toString(length)).status())
                .isEqualTo(201);
    }

    private static void waitForWriter(String id) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (api.count(
                            "SELECT count(*) FROM rend.upload_sessions WHERE id = '"
                                    + id
                                    + "' AND writer IS NOT NULL")
                    == 1) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the first PATCH never took the upload");
    }

    private static long offset(String url) {
        return Long.parseLong(
                tus(url, "HEAD", null).raw().headers().firstValue("upload-offset").orElseThrow());
    }

    private static Response patch(String url, String offset, String type, byte[] body) {
        return type == null
                ? tus(url, "PATCH", body, "Upload-Offset", offset)
                : tus(url, "PATCH", body, "Upload-Offset", offset, "Content-Type", type);
    }

    private static Response chunkedPatch(String url, long offset, byte[] body) {
        return api.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Offset", Long.toString(offset))
                        .header("Content-Type", "application/offset+octet-stream")
                        .method(
                                "PATCH",
                                HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new ByteArrayInputStream(body)))
                        .build());
    }

    private static Response tus(String url, String method, byte[] body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Tus-Resumable";
        all[1] = "1.0.0";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(url, method, body, all);
    }

    private static Response send(String url, String method, byte[] body, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return api.send(request.build());
    }
}
