package so.rend.api.analytics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import so.rend.api.ApiTestEnvironment.RunningApi;

/** Rows the analytics tests write: assets in Postgres, events as the edge sends them. */
final class AnalyticsFixtures {

    private AnalyticsFixtures() {}

    /** An asset of {@code account} in {@code state}, created at {@code created}. */
    static UUID newAsset(RunningApi api, UUID account, Instant created, String state) {
        UUID asset = UUID.randomUUID();
        api.db()
                .sql(
                        """
                        INSERT INTO rend.assets (id, account_id, source_state, playable_state,
                              source_object_key, source_content_type, source_byte_size, created_at)
                        VALUES (:id, :account, 'uploaded', :state, :key, 'video/mp4', 1, :created)""")
                .bind("id", asset)
                .bind("account", account)
                .bind("state", state)
                .bind("key", "sources/" + asset + "/source")
                .bind("created", created.atOffset(ZoneOffset.UTC))
                .then()
                .block();
        return asset;
    }

    /** One event as JSONEachRow, the edge's insert format; {@code asset} null when unproven. */
    static String row(
            UUID asset,
            Instant at,
            String path,
            String region,
            String cache,
            int status,
            long bytes) {
        return ("{\"event_id\":\"%s\",\"observed_at\":%d,\"asset_id\":\"%s\",\"artifact_path\":\"%s\","
                        + "\"edge_id\":\"edge-1\",\"region\":\"%s\",\"cache_status\":\"%s\",\"status_code\":%d,"
                        + "\"bytes_served\":%d,\"content_type\":\"video/mp4\",\"duration_ms\":3,\"error_code\":\"\"}")
                .formatted(
                        UUID.randomUUID(),
                        at.getEpochSecond(),
                        asset == null ? "" : asset,
                        path,
                        region,
                        cache,
                        status,
                        bytes);
    }
}
