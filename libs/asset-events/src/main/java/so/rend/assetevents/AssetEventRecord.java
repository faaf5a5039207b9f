package so.rend.assetevents;

import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * One append to the durable lifecycle log, written inside the transaction that made the change it
 * reports. {@link #INSERT} is the only statement that writes {@code rend.asset_events}: the API
 * binds it through R2DBC's {@code DatabaseClient}, the worker through {@code
 * NamedParameterJdbcTemplate}; both take {@link #parameters()}.
 */
public record AssetEventRecord(
        UUID eventId, UUID accountId, UUID assetId, AssetEventType type, String payloadJson) {

    public static final String INSERT =
            "INSERT INTO rend.asset_events (event_id, account_id, asset_id, event_type, payload)"
                    + " VALUES (:event_id, :account_id, :asset_id, :event_type,"
                    + " CAST(:payload AS jsonb))";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A new event with a fresh id; {@code payload} is written as a JSON object. */
    public static AssetEventRecord of(
            UUID accountId, UUID assetId, AssetEventType type, Map<String, ?> payload) {
        return new AssetEventRecord(
                UUID.randomUUID(), accountId, assetId, type, JSON.writeValueAsString(payload));
    }

    /** The named parameters of {@link #INSERT}. */
    public Map<String, Object> parameters() {
        return Map.of(
                "event_id", eventId,
                "account_id", accountId,
                "asset_id", assetId,
                "event_type", type.wireName(),
                "payload", payloadJson);
    }
}
