package so.rend.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import tools.jackson.databind.JsonNode;

/** Test helpers: a direct upload session over real HTTP, video-like bytes, a tus client. */
final class DirectUploads {

    private DirectUploads() {}

    /** {@code POST /v1/uploads} with {@code body}; the answer. */
    static Response create(RunningApi api, String key, String body) {
        return api.send(
                api.request("/v1/uploads", key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    /** A session that must be created; its JSON. */
    static JsonNode session(RunningApi api, String key, String body) {
        Response created = create(api, key, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    /** Bytes that start like an MP4 (an ftyp box), then seeded noise. */
    static byte[] mp4Like(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
        System.arraycopy(ftyp, 0, bytes, 0, ftyp.length);
        return bytes;
    }

    static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    /** The stored object's bytes, read back from S3 by the test's own client. */
    static byte[] storedSource(String assetId) {
        return ApiTestEnvironment.store()
                .get("sources/" + assetId + "/source", null)
                .flatMap(
                        content ->
                                content.body()
                                        .reduce(
                                                new ByteArrayOutputStream(),
                                                (out, buffer) -> {
                                                    byte[] chunk = new byte[buffer.remaining()];
                                                    buffer.get(chunk);
                                                    out.writeBytes(chunk);
                                                    return out;
                                                }))
                .map(ByteArrayOutputStream::toByteArray)
                .block();
    }

    /** A tus upload of {@code data}, created at {@code url} (a session's URL). */
    static TusUpload tusUpload(byte[] data) {
        TusUpload upload = new TusUpload();
        upload.setSize(data.length);
        upload.setInputStream(new ByteArrayInputStream(data));
        upload.setFingerprint("test-" + System.nanoTime());
        upload.setMetadata(Map.of("filetype", "video/mp4", "filename", "clip.mp4"));
        return upload;
    }

    static TusClient tusClient(String url) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(new URL(url));
        return client;
    }

    /** Sends the whole of {@code data} with the tus client, {@code chunk} bytes per PATCH. */
    static void tusSend(String url, byte[] data, int chunk) throws Exception {
        TusUploader uploader = tusClient(url).createUpload(tusUpload(data));
        uploader.setChunkSize(64 * 1024);
        uploader.setRequestPayloadSize(chunk);
        while (uploader.uploadChunk() > -1) {
            // each call sends up to one chunk; a PATCH ends every `chunk` bytes
        }
        uploader.finish();
    }

    /**
     * Cancels every session still waiting, so no S3 multipart upload is left pending for the tests
     * that come after (they check the bucket has none).
     */
    static void cancelWaiting(RunningApi api) {
        UploadSessions sessions = api.context().getBean(UploadSessions.class);
        api.db()
                .sql("SELECT id, account_id FROM rend.upload_sessions WHERE status = 'waiting'")
                .map(row -> Map.entry(row.get("account_id", UUID.class), row.get("id", UUID.class)))
                .all()
                .concatMap(waiting -> sessions.cancel(waiting.getKey(), waiting.getValue()))
                .blockLast();
    }

    /** The same URL on another API process (a load balancer's choice). */
    static URL on(RunningApi api, String url) throws Exception {
        URI u = URI.create(url);
        return new URL("http://127.0.0.1:" + api.baseUrl().getPort() + u.getRawPath());
    }
}
