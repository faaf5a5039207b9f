package so.rend.assetevents;

import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * One append to the durable lifecycle log, written inside the transaction that made the change it
 * reports. {@link #INSERT} (and its fenced variant {@link #INSERT_UNLESS_DELETED}) are the only
 * statements that write {@code rend.asset_events}: the API binds it through R2DBC's {@code
 * DatabaseClient}, the worker through {@code NamedParameterJdbcTemplate}; both take {@link
 * #parameters()}. Both merge the asset's metadata into the payload ({@link #METADATA}), so no
 * writer can forget it.
 */
public record AssetEventRecord(
        UUID eventId, UUID accountId, UUID assetId, AssetEventType type, String payloadJson) {

    /**
     * The asset's own metadata as it stands when the event is written (the {@code metadata} object
     * every payload carries), built from the asset's row {@code a}. The log is the source for
     * webhooks and SSE, so a receiver gets the developer's ids with each event without a lookup.
     */
    static final String METADATA =
            "jsonb_build_object('metadata', jsonb_build_object('title', a.title, 'external_id',"
                    + " a.external_id, 'creator_id', a.creator_id, 'passthrough', a.passthrough,"
                    + " 'tags', to_jsonb(a.tags)))";

    public static final String INSERT =
            "INSERT INTO rend.asset_events (event_id, account_id, asset_id, event_type, payload)"
                    + " VALUES (:event_id, :account_id, :asset_id, :event_type,"
                    + " CAST(:payload AS jsonb) || COALESCE((SELECT "
                    + METADATA
                    + " FROM rend.assets a WHERE a.id = :asset_id), '{}'::jsonb))";

    /**
     * {@link #INSERT} only while the asset is not deleted: it takes a share lock on the asset's
     * row, so it waits for a deletion in progress and then writes nothing, and a deletion that
     * comes later waits for it, its {@code asset.deleted} getting the later sequence. For events
     * written outside a lease transaction (edge warming).
     */
    public static final String INSERT_UNLESS_DELETED =
            "WITH live AS (SELECT * FROM rend.assets WHERE id = :asset_id AND deleted_at IS NULL"
                    + " FOR SHARE)"
                    + " INSERT INTO rend.asset_events (event_id, account_id, asset_id, event_type,"
                    + " payload) SELECT :event_id, :account_id, a.id, :event_type,"
                    + " CAST(:payload AS jsonb) || "
                    + METADATA
                    + " FROM live a";

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
