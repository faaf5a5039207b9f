package so.rend.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.api.auth.ApiKeys;
import so.rend.api.webhooks.WebhookReceiver.Received;

/**
 * A thousand events written straight into the event log (50 assets, 20 each, interleaved) while the
 * receiver answers 503, then the receiver recovers: every event is acknowledged once, nothing is
 * sent again after its acknowledgement, and each asset's events arrive in sequence order. Retries
 * are shortened (200 ms base, 1 s cap) so "down" is 3 s rather than a minute.
 */
class WebhookBacklogIT {

    private static final int ASSETS = 50;
    private static final int EVENTS_PER_ASSET = 20;

    @Test
    void aThousandEventsQueuedWhileTheReceiverIsDownAreEachDeliveredOnceInPerAssetOrder()
            throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                RunningApi api =
                        ApiTestEnvironment.start(
                                Map.of(
                                        "REND_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1",
                                        "REND_WEBHOOK_POLL_MS", "50",
                                        "REND_WEBHOOK_RETRY_BASE_MS", "200",
                                        "REND_WEBHOOK_RETRY_MAX_SECS", "1"))) {
            String key = api.newAccountKey();
            UUID account = api.context().getBean(ApiKeys.class).accountOf(key).block();
            String endpointId =
                    WebhookDeliveryIT.createEndpoint(api, key, receiver.url("/backlog"), "[]")
                            .path("id")
                            .asString();
            receiver.answer(path -> 503);

            List<UUID> assets = insertAssets(api, account);
            // One statement, so the thousand rows cost one round trip; each still passes through
            // the log's trigger that queues its delivery, as every append does.
            api.db()
                    .sql(
                            """
                            INSERT INTO rend.asset_events (event_id, account_id, asset_id,
                                event_type, payload)
                            SELECT gen_random_uuid(), :account, (:assets::uuid[])[i % :n + 1],
                                'asset.updated', jsonb_build_object('n', i)
                            FROM generate_series(0, :total - 1) AS i
                            ORDER BY i
                            """)
                    .bind("account", account)
                    .bind("assets", assets.toArray(UUID[]::new))
                    .bind("n", ASSETS)
                    .bind("total", ASSETS * EVENTS_PER_ASSET)
                    .then()
                    .block();
            Thread.sleep(3000);
            assertThat(receiver.received()).isNotEmpty();
            receiver.answer(path -> 200);

            Eventually.until(
                    Duration.ofSeconds(60),
                    () ->
                            api.count(
                                            "SELECT count(*) FROM rend.webhook_deliveries WHERE"
                                                    + " state = 'delivered' AND endpoint_id = '"
                                                    + endpointId
                                                    + "'")
                                    == ASSETS * EVENTS_PER_ASSET);
            Thread.sleep(500);
            List<Received> got = receiver.received();

            Map<UUID, List<Received>> byEvent =
                    got.stream().collect(Collectors.groupingBy(Received::eventId));
            assertThat(byEvent).hasSize(ASSETS * EVENTS_PER_ASSET);
            byEvent.forEach(
                    (event, requests) -> {
                        List<Integer> answers = requests.stream().map(Received::answered).toList();
                        assertThat(answers.stream().filter(a -> a == 200)).hasSize(1);
                        assertThat(answers.get(answers.size() - 1)).isEqualTo(200);
                    });

            Map<UUID, List<Long>> sequencesByAsset = new HashMap<>();
            for (Received r : got) {
                sequencesByAsset
                        .computeIfAbsent(r.assetId(), a -> new ArrayList<>())
                        .add(r.sequence());
            }
            assertThat(sequencesByAsset).hasSize(ASSETS);
            sequencesByAsset.forEach((asset, sequences) -> assertThat(sequences).isSorted());
        }
    }

    private static List<UUID> insertAssets(RunningApi api, UUID account) {
        List<UUID> assets = new ArrayList<>();
        for (int i = 0; i < ASSETS; i++) {
            UUID id = UUID.randomUUID();
            api.db()
                    .sql(
                            """
                            INSERT INTO rend.assets (id, account_id, source_state,
                                source_object_key, source_content_type, source_byte_size)
                            VALUES (:id, :account, 'uploaded', :key, 'video/mp4', 1)
                            """)
                    .bind("id", id)
                    .bind("account", account)
                    .bind("key", "sources/" + id + "/source")
                    .then()
                    .block();
            assets.add(id);
        }
        return assets;
    }
}
