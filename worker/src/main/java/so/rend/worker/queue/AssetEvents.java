package so.rend.worker.queue;

import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends to {@code rend.asset_events}, always inside the transaction that made the change it
 * reports.
 */
public final class AssetEvents {

    public static final String MEDIA_JOB_STARTED = "media_job.started";
    public static final String MEDIA_JOB_SUCCEEDED = "media_job.succeeded";
    public static final String MEDIA_JOB_RETRY_SCHEDULED = "media_job.retry_scheduled";
    public static final String MEDIA_JOB_RELEASED = "media_job.released";
    public static final String MEDIA_JOB_FAILED = "media_job.failed";
    public static final String ASSET_OPENER_READY = "asset.opener_ready";
    public static final String ASSET_HLS_READY = "asset.hls_ready";
    public static final String ASSET_FAILED = "asset.failed";
    public static final String ASSET_OBJECTS_DELETED = "asset.objects_deleted";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AssetEvents() {}

    public static void append(
            JdbcTemplate tx, UUID accountId, UUID assetId, String type, Map<String, ?> payload) {
        tx.update(
                "INSERT INTO rend.asset_events (event_id, account_id, asset_id, event_type, payload) "
                        + "VALUES (?, ?, ?, ?, ?::jsonb)",
                UUID.randomUUID(),
                accountId,
                assetId,
                type,
                JSON.writeValueAsString(payload));
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
