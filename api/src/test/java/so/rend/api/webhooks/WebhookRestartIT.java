package so.rend.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.api.webhooks.WebhookReceiver.Received;
import tools.jackson.databind.JsonNode;

/**
 * The outbox is the database's, not a process's: a delivery waiting out its backoff when its API
 * stops is sent by the next API on the same embedded PostgreSQL.
 */
class WebhookRestartIT {

    private static final Map<String, String> SETTINGS =
            Map.of(
                    "REND_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1",
                    "REND_WEBHOOK_POLL_MS", "50",
                    "REND_WEBHOOK_RETRY_BASE_MS", "3000",
                    "REND_WEBHOOK_RETRY_MAX_SECS", "10");

    @Test
    void aDeliveryInBackoffWhenItsApiStopsIsSentByTheNextApi() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(path -> calls.incrementAndGet() == 1 ? 500 : 200);
            String key;
            String endpointId;
            try (RunningApi first = ApiTestEnvironment.start(SETTINGS)) {
                key = first.newAccountKey();
                JsonNode endpoint =
                        WebhookDeliveryIT.createEndpoint(
                                first, key, receiver.url("/restart"), "[\"asset.created\"]");
                endpointId = endpoint.path("id").asString();
                WebhookDeliveryIT.upload(first, key);
                Eventually.until(Duration.ofSeconds(10), () -> receiver.received().size() == 1);
                // Stopped once the failed attempt is recorded, while its retry waits (3 s).
                Eventually.until(
                        Duration.ofSeconds(10),
                        () ->
                                first.count(
                                                "SELECT count(*) FROM rend.webhook_attempts a JOIN"
                                                        + " rend.webhook_deliveries d ON d.id ="
                                                        + " a.delivery_id WHERE d.endpoint_id = '"
                                                        + endpointId
                                                        + "'")
                                        == 1);
            }
            assertThat(receiver.received()).hasSize(1);

            try (RunningApi second = ApiTestEnvironment.start(SETTINGS)) {
                Eventually.until(Duration.ofSeconds(15), () -> receiver.received().size() == 2);
                List<Received> got = receiver.received();
                assertThat(got.get(1).eventId()).isEqualTo(got.get(0).eventId());
                assertThat(got.get(1).answered()).isEqualTo(200);
                assertThat(Duration.ofNanos(got.get(1).atNanos() - got.get(0).atNanos()))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(2250));
                Eventually.until(
                        Duration.ofSeconds(5),
                        () ->
                                WebhookDeliveryIT.deliveries(second, key, endpointId)
                                        .path("data")
                                        .path(0)
                                        .path("state")
                                        .asString()
                                        .equals("delivered"));
                JsonNode delivery =
                        WebhookDeliveryIT.deliveries(second, key, endpointId).path("data").path(0);
                assertThat(delivery.path("attempt_count").asInt()).isEqualTo(2);
                assertThat(delivery.path("attempts").size()).isEqualTo(2);
                Thread.sleep(500);
                assertThat(receiver.received()).hasSize(2);
            }
        }
    }
}
