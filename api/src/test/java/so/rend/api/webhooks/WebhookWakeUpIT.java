package so.rend.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;

/**
 * A new event wakes the delivery loop through the API's LISTEN on the event log: with the poll set
 * to a minute, an upload's {@code asset.created} still reaches the receiver within seconds.
 */
class WebhookWakeUpIT {

    @Test
    void aNewEventIsDeliveredWithinSecondsWithoutWaitingForThePoll() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                RunningApi api =
                        ApiTestEnvironment.start(
                                Map.of(
                                        "REND_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1",
                                        "REND_WEBHOOK_POLL_MS", "60000"))) {
            String key = api.newAccountKey();
            WebhookDeliveryIT.createEndpoint(api, key, receiver.url("/awake"), "[]");
            long started = System.nanoTime();
            WebhookDeliveryIT.upload(api, key);
            Eventually.until(Duration.ofSeconds(10), () -> !receiver.received().isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(receiver.received().get(0).eventType()).isEqualTo("asset.created");
        }
    }
}
