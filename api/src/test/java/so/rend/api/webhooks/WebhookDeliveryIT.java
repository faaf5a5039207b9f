package so.rend.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.api.webhooks.WebhookReceiver.Received;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks end to end on a real API over embedded PostgreSQL, to a JDK HTTP server on loopback
 * (allowed by REND_WEBHOOK_ALLOWED_HOSTS): every event of an upload arrives signed, a failing
 * receiver gets the same event again with growing gaps, and rotation signs with both secrets.
 */
class WebhookDeliveryIT {

    private static RunningApi api;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        api =
                ApiTestEnvironment.start(
                        Map.of(
                                "REND_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1",
                                "REND_WEBHOOK_POLL_MS", "50",
                                "REND_WEBHOOK_RETRY_BASE_MS", "400",
                                "REND_WEBHOOK_RETRY_MAX_SECS", "10"));
    }

    @AfterAll
    static void stop() {
        api.close();
        receiver.close();
    }

    @Test
    void anUploadsEventsArriveInOrderEachSignedWithTheEndpointsSecret() {
        String key = api.newAccountKey();
        JsonNode endpoint = createEndpoint(api, key, receiver.url("/upload"), "[]");
        String secret = endpoint.path("secret").asString();
        assertThat(secret).startsWith("whsec_");

        String asset = upload(api, key);
        patch(api, key, asset, "{\"title\":\"webhooks\"}");
        Response deleted = api.send(api.request("/v1/assets/" + asset, key).DELETE().build());
        assertThat(deleted.status()).isEqualTo(200);

        Eventually.until(
                Duration.ofSeconds(20),
                () -> types(receiver.receivedAt("/upload")).contains("asset.deleted"));
        List<Received> got = receiver.receivedAt("/upload");
        assertThat(types(got)).startsWith("asset.created", "asset.updated");
        long now = Instant.now().getEpochSecond();
        long previous = 0;
        for (Received r : got) {
            assertThat(r.assetId().toString()).isEqualTo(asset);
            assertThat(r.sequence()).isGreaterThan(previous);
            previous = r.sequence();
            assertThat(WebhookSignature.verify(r.signature(), r.body(), secret, now, 300)).isTrue();
            byte[] tampered =
                    new String(r.body(), StandardCharsets.UTF_8)
                            .replace(asset, UUID.randomUUID().toString())
                            .getBytes(StandardCharsets.UTF_8);
            assertThat(WebhookSignature.verify(r.signature(), tampered, secret, now, 300))
                    .isFalse();
            assertThat(WebhookSignature.verify(r.signature(), r.body(), secret, now + 301, 300))
                    .isFalse();
            assertThat(WebhookSignature.verify(r.signature(), r.body(), "whsec_other", now, 300))
                    .isFalse();
        }
        assertThat(got.get(1).json().path("payload").toString()).contains("title");
    }

    @Test
    void aReceiverAnswering500ThreeTimesGetsTheSameEventFourTimesWithGrowingGaps() {
        String key = api.newAccountKey();
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(path -> !path.equals("/flaky") || calls.incrementAndGet() > 3 ? 200 : 500);
        try {
            JsonNode endpoint =
                    createEndpoint(api, key, receiver.url("/flaky"), "[\"asset.created\"]");
            upload(api, key);

            Eventually.until(
                    Duration.ofSeconds(20), () -> receiver.receivedAt("/flaky").size() >= 4);
            List<Received> got = receiver.receivedAt("/flaky");
            assertThat(got).hasSize(4);
            assertThat(got.stream().map(Received::eventId).distinct()).hasSize(1);
            assertThat(got.stream().map(Received::answered)).containsExactly(500, 500, 500, 200);
            long gap1 = got.get(1).atNanos() - got.get(0).atNanos();
            long gap2 = got.get(2).atNanos() - got.get(1).atNanos();
            long gap3 = got.get(3).atNanos() - got.get(2).atNanos();
            assertThat(gap2).isGreaterThan(gap1);
            assertThat(gap3).isGreaterThan(gap2);

            String id = endpoint.path("id").asString();
            Eventually.until(
                    Duration.ofSeconds(5),
                    () ->
                            deliveries(api, key, id)
                                    .path("data")
                                    .path(0)
                                    .path("state")
                                    .asString()
                                    .equals("delivered"));
            JsonNode delivery = deliveries(api, key, id).path("data").path(0);
            assertThat(delivery.path("attempt_count").asInt()).isEqualTo(4);
            List<Integer> statuses = new ArrayList<>();
            delivery.path("attempts").forEach(a -> statuses.add(a.path("status_code").asInt()));
            assertThat(statuses).containsExactly(500, 500, 500, 200);
        } finally {
            receiver.answer(path -> 200);
        }
    }

    @Test
    void duringARotationEachDeliveryCarriesAV1ForTheOldAndTheNewSecret() {
        String key = api.newAccountKey();
        JsonNode endpoint = createEndpoint(api, key, receiver.url("/rotated"), "[]");
        String old = endpoint.path("secret").asString();
        Response rotated =
                api.send(
                        api.request(
                                        "/v1/webhooks/"
                                                + endpoint.path("id").asString()
                                                + "/rotate-secret",
                                        key)
                                .header("content-type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"overlap_seconds\":600}"))
                                .build());
        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.json().path("secret").asString();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        assertThat(rotated.json().path("previous_secret_expires_at").isString()).isTrue();

        upload(api, key);
        Eventually.until(Duration.ofSeconds(20), () -> !receiver.receivedAt("/rotated").isEmpty());
        Received r = receiver.receivedAt("/rotated").get(0);
        long now = Instant.now().getEpochSecond();
        assertThat(r.signature().split(",v1=")).hasSize(3);
        assertThat(WebhookSignature.verify(r.signature(), r.body(), old, now, 300)).isTrue();
        assertThat(WebhookSignature.verify(r.signature(), r.body(), fresh, now, 300)).isTrue();
    }

    @Test
    void aDeliveryIsSentAgainOnRedeliveryAndAReplaySendsEveryLaterEventAgain() {
        String key = api.newAccountKey();
        String id = createEndpoint(api, key, receiver.url("/again"), "[]").path("id").asString();
        String asset = upload(api, key);
        patch(api, key, asset, "{\"title\":\"again\"}");
        Eventually.until(Duration.ofSeconds(20), () -> receiver.receivedAt("/again").size() == 2);
        List<Received> first = receiver.receivedAt("/again");

        JsonNode created = deliveries(api, key, id).path("data").path(1);
        assertThat(created.path("event_type").asString()).isEqualTo("asset.created");
        Response again =
                api.send(
                        api.request(
                                        "/v1/webhooks/"
                                                + id
                                                + "/deliveries/"
                                                + created.path("id").asString()
                                                + "/redeliver",
                                        key)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build());
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        Eventually.until(Duration.ofSeconds(10), () -> receiver.receivedAt("/again").size() == 3);
        assertThat(receiver.receivedAt("/again").get(2).eventId())
                .isEqualTo(first.get(0).eventId());

        Response replay =
                api.send(
                        api.request("/v1/webhooks/" + id + "/replay", key)
                                .header("content-type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"after_sequence\":"
                                                        + (first.get(0).sequence() - 1)
                                                        + "}"))
                                .build());
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.json().path("queued").asLong()).isEqualTo(2);
        assertThat(replay.json().path("through_sequence").asLong())
                .isEqualTo(first.get(1).sequence());
        Eventually.until(Duration.ofSeconds(10), () -> receiver.receivedAt("/again").size() == 5);
        List<Received> all = receiver.receivedAt("/again");
        assertThat(all.subList(3, 5).stream().map(Received::eventId))
                .containsExactly(first.get(0).eventId(), first.get(1).eventId());
    }

    @Test
    void aDisabledEndpointIsSentNothing() throws Exception {
        String key = api.newAccountKey();
        String id = createEndpoint(api, key, receiver.url("/disabled"), "[]").path("id").asString();
        Response disabled =
                api.send(
                        api.request("/v1/webhooks/" + id, key)
                                .header("content-type", "application/json")
                                .method(
                                        "PATCH",
                                        HttpRequest.BodyPublishers.ofString("{\"enabled\":false}"))
                                .build());
        assertThat(disabled.status()).isEqualTo(200);
        upload(api, key);
        Thread.sleep(1000);
        assertThat(receiver.receivedAt("/disabled")).isEmpty();
        assertThat(deliveries(api, key, id).path("data").size()).isZero();
    }

    static JsonNode createEndpoint(RunningApi api, String key, String url, String types) {
        Response created =
                api.send(
                        api.request("/v1/webhooks", key)
                                .header("content-type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"url\":\""
                                                        + url
                                                        + "\",\"event_types\":"
                                                        + types
                                                        + "}"))
                                .build());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    static JsonNode deliveries(RunningApi api, String key, String endpointId) {
        Response listed = api.get("/v1/webhooks/" + endpointId + "/deliveries", key);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        return listed.json();
    }

    static String upload(RunningApi api, String key) {
        byte[] bytes = new byte[2000];
        byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
        System.arraycopy(ftyp, 0, bytes, 0, ftyp.length);
        Response uploaded =
                api.send(
                        api.request("/v1/videos", key)
                                .header("content-type", "video/mp4")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        return uploaded.json().path("asset_id").asString();
    }

    private static void patch(RunningApi api, String key, String asset, String body) {
        Response patched =
                api.send(
                        api.request("/v1/assets/" + asset, key)
                                .header("content-type", "application/merge-patch+json")
                                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                                .build());
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    }

    private static List<String> types(List<Received> received) {
        return received.stream().map(Received::eventType).toList();
    }
}
