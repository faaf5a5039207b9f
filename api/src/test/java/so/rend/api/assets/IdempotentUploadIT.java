package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;

/**
 * {@code Idempotency-Key} on {@code POST /v1/videos} over real HTTP, on a real PostgreSQL and
 * S3Proxy: concurrent repeats make one asset, one object and one job; another request with the key
 * is refused; keys belong to accounts; malformed keys are refused before the body is read.
 */
class IdempotentUploadIT {

    private static RunningApi api;

    /**
     * A create budget of one. Started and closed with the other: closing one API in the middle
     * disposes the Reactor Netty resources the other's server shares.
     */
    private static RunningApi tight;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of());
        tight =
                ApiTestEnvironment.start(
                        Map.of(
                                "REND_RATE_LIMIT_CREATES_BURST", "1",
                                "REND_RATE_LIMIT_CREATES_PER_SEC", "1"));
    }

    @AfterAll
    static void stop() {
        tight.close();
        api.close();
    }

    @Test
    void fiftyConcurrentIdenticalUploadsWithOneKeyMakeOneAssetOneObjectAndOneJob()
            throws Exception {
        String apiKey = api.newAccountKey();
        String key = "retry-" + UUID.randomUUID();
        byte[] video = UploadApiIT.mp4Like(300_000);
        long objectsBefore = sourceObjects();
        int requests = 50;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                answers.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return upload(apiKey, key, "video/mp4", video);
                                }));
            }
            go.countDown();
            Set<String> assetIds = new HashSet<>();
            Set<String> bodies = new HashSet<>();
            int replays = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get(2, TimeUnit.MINUTES);
                assertThat(response.status()).as(response.body()).isEqualTo(201);
                assetIds.add(response.json().path("asset_id").asString());
                bodies.add(response.body());
                if ("true".equals(replayed(response))) {
                    replays++;
                }
            }
            assertThat(assetIds).hasSize(1);
            assertThat(bodies).as("every answer is the first one, byte for byte").hasSize(1);
            assertThat(replays).isEqualTo(requests - 1);
            String asset = assetIds.iterator().next();
            assertThat(assetsOf(apiKey)).isEqualTo(1);
            assertThat(
                            api.count(
                                    "SELECT count(*) FROM rend.media_jobs WHERE asset_id = '"
                                            + asset
                                            + "'"))
                    .isEqualTo(1);
            assertThat(
                            api.count(
                                    "SELECT count(*) FROM rend.asset_events WHERE asset_id = '"
                                            + asset
                                            + "' AND event_type = 'asset.created'"))
                    .isEqualTo(1);
            assertThat(sourceObjects() - objectsBefore).isEqualTo(1);
            assertThat(ApiTestEnvironment.store().list("sources/" + asset + "/").count().block())
                    .isEqualTo(1);
            assertThat(
                            ApiTestEnvironment.store()
                                    .pendingMultipartUploads("sources/")
                                    .count()
                                    .block())
                    .isZero();

            // Another body, another type, another length with the key: refused, nothing created.
            byte[] other = UploadApiIT.mp4Like(300_000);
            other[other.length - 1] ^= 1;
            Response otherBody = upload(apiKey, key, "video/mp4", other);
            assertThat(otherBody.status()).as(otherBody.body()).isEqualTo(422);
            assertThat(otherBody.errorCode()).isEqualTo("idempotency_key_reused");
            assertThat(upload(apiKey, key, "video/quicktime", video).errorCode())
                    .isEqualTo("idempotency_key_reused");
            assertThat(upload(apiKey, key, "video/mp4", UploadApiIT.mp4Like(1000)).errorCode())
                    .isEqualTo("idempotency_key_reused");
            assertThat(assetsOf(apiKey)).isEqualTo(1);

            // The same key from another account is that account's own key.
            String otherAccount = api.newAccountKey();
            Response theirs = upload(otherAccount, key, "video/mp4", video);
            assertThat(theirs.status()).as(theirs.body()).isEqualTo(201);
            assertThat(theirs.json().path("asset_id").asString()).isNotEqualTo(asset);
            assertThat(replayed(theirs)).isEqualTo("false");
            assertThat(assetsOf(otherAccount)).isEqualTo(1);
            // And the first account's answer is unchanged.
            Response again = upload(apiKey, key, "video/mp4", video);
            assertThat(again.json().path("asset_id").asString()).isEqualTo(asset);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRepeatWaitsForASlowFirstRequestWithoutReadingItsBodyAndThenReplaysIt() throws Exception {
        String apiKey = api.newAccountKey();
        String key = "slow-" + UUID.randomUUID();
        byte[] video = UploadApiIT.mp4Like(100_000);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Socket first = new Socket("127.0.0.1", api.baseUrl().getPort())) {
            first.setSoTimeout(30_000);
            OutputStream out = first.getOutputStream();
            out.write(head(apiKey, key, video.length));
            out.write(video, 0, 1000);
            out.flush();
            String pending =
                    "SELECT count(*) FROM rend.idempotency_keys WHERE key = '"
                            + key
                            + "' AND state = 'pending'";
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (api.count(pending) == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(api.count(pending)).isEqualTo(1);

            Future<Response> repeat = pool.submit(() -> upload(apiKey, key, "video/mp4", video));
            Thread.sleep(700);
            assertThat(repeat.isDone()).as("the repeat waits for the first").isFalse();

            out.write(video, 1000, video.length - 1000);
            out.flush();
            String answer =
                    new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 201");
            Response replayed = repeat.get(1, TimeUnit.MINUTES);
            assertThat(replayed.status()).as(replayed.body()).isEqualTo(201);
            assertThat(replayed(replayed)).isEqualTo("true");
            assertThat(answer).contains(replayed.json().path("asset_id").asString());
            assertThat(assetsOf(apiKey)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedFirstRequestGivesTheKeyBackSoARetrySucceeds() {
        String apiKey = api.newAccountKey();
        String key = UUID.randomUUID().toString();
        Response refused = upload(apiKey, key, "video/mp4", "plainly not a video".getBytes());
        assertThat(refused.errorCode()).isEqualTo("not_a_video");
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.idempotency_keys WHERE key = '"
                                        + key
                                        + "'"))
                .isZero();
        Response retried = upload(apiKey, key, "video/mp4", UploadApiIT.mp4Like(5000));
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(replayed(retried)).isEqualTo("false");
    }

    @Test
    void malformedKeysAreRefusedWithIdempotencyKeyInvalidAndCreateNothing() {
        String apiKey = api.newAccountKey();
        byte[] video = UploadApiIT.mp4Like(2000);
        for (String bad : List.of("x".repeat(256), "has space", "tab\there", " ")) {
            Response response = upload(apiKey, bad, "video/mp4", video);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.errorCode()).as(bad).isEqualTo("idempotency_key_invalid");
        }
        // Unicode as UTF-8 bytes on the wire (HttpClient would turn it into '?'), and a NUL.
        for (String bad : List.of("caf\u00e9", "\u043a\u043b\u044e\u0447")) {
            assertThat(rawStatusAndBody(apiKey, bad, video))
                    .as(bad)
                    .startsWith("HTTP/1.1 400")
                    .contains("idempotency_key_invalid");
        }
        // A control character is refused by HTTP itself, in the API's one error shape.
        assertThat(rawStatusAndBody(apiKey, "a\u007fb", video))
                .startsWith("HTTP/1.1 400")
                .contains("\"error\":{\"code\":\"invalid_request\"");
        Response twice =
                api.send(
                        api.request("/v1/videos", apiKey)
                                .header("content-type", "video/mp4")
                                .header("idempotency-key", "one")
                                .header("idempotency-key", "two")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(video))
                                .build());
        assertThat(twice.errorCode()).isEqualTo("idempotency_key_invalid");
        assertThat(assetsOf(apiKey)).isZero();
        // The longest key and every visible ASCII character are fine.
        String longest = "k".repeat(255);
        assertThat(upload(apiKey, longest, "video/mp4", video).status()).isEqualTo(201);
        String punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
        assertThat(upload(apiKey, punctuation, "video/mp4", video).status()).isEqualTo(201);
        assertThat(assetsOf(apiKey)).isEqualTo(2);
    }

    @Test
    void replaysAreNotChargedToTheCreateBudget() {
        String apiKey = tight.newAccountKey();
        byte[] video = UploadApiIT.mp4Like(4000);
        String first = upload(tight, apiKey, "only-one", video).json().path("asset_id").asString();
        // A new create is charged: the budget of one went to the first.
        Response fresh = upload(tight, apiKey, "another", video);
        assertThat(fresh.status()).isEqualTo(429);
        assertThat(fresh.errorCode()).isEqualTo("rate_limited");
        // Its repeats are not: they create nothing.
        for (int i = 0; i < 3; i++) {
            Response replay = upload(tight, apiKey, "only-one", video);
            assertThat(replay.status()).as(replay.body()).isEqualTo(201);
            assertThat(replay.json().path("asset_id").asString()).isEqualTo(first);
        }
    }

    private static Response upload(String apiKey, String key, String type, byte[] body) {
        return upload(api, apiKey, key, type, body);
    }

    private static Response upload(RunningApi api, String apiKey, String key, byte[] body) {
        return upload(api, apiKey, key, "video/mp4", body);
    }

    private static Response upload(
            RunningApi api, String apiKey, String key, String type, byte[] body) {
        return api.send(
                api.request("/v1/videos", apiKey)
                        .header("content-type", type)
                        .header("idempotency-key", key)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
    }

    /** A keyed upload's request head as bytes on the wire: the key's characters as UTF-8. */
    private static byte[] head(String apiKey, String key, long length) {
        return ("POST /v1/videos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + apiKey
                        + "\r\nContent-Type: video/mp4\r\nConnection: close\r\nIdempotency-Key: "
                        + key
                        + "\r\nContent-Length: "
                        + length
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String rawStatusAndBody(String apiKey, String key, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", api.baseUrl().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(apiKey, key, body.length));
            // No body: the key is refused before the body is read, and an unread body would reset.
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String replayed(Response response) {
        return response.raw().headers().firstValue("idempotent-replayed").orElse(null);
    }

    private static long assetsOf(String apiKey) {
        return api.get("/v1/assets?limit=100", apiKey).json().path("data").size();
    }

    private static long sourceObjects() {
        return ApiTestEnvironment.store().list("sources/").count().block();
    }
}
