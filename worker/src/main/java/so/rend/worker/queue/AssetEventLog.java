package so.rend.worker.queue;

import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import so.rend.assetevents.AssetEventRecord;
import so.rend.assetevents.AssetEventType;

/**
 * Appends to {@code rend.asset_events} with the shared {@link AssetEventRecord#INSERT}. It writes
 * through the worker's one {@link JdbcTemplate}, so inside a lease transaction the event commits
 * (or rolls back) with the change it reports.
 */
public final class AssetEventLog {

    private final NamedParameterJdbcTemplate jdbc;

    public AssetEventLog(JdbcTemplate jdbc) {
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
    }

    public void append(UUID accountId, UUID assetId, AssetEventType type, Map<String, ?> payload) {
        AssetEventRecord event = AssetEventRecord.of(accountId, assetId, type, payload);
        jdbc.update(AssetEventRecord.INSERT, event.parameters());
    }

    /**
     * Appends unless the asset is deleted ({@link AssetEventRecord#INSERT_UNLESS_DELETED}); true
     * when it did.
     */
    public boolean appendUnlessDeleted(
            UUID accountId, UUID assetId, AssetEventType type, Map<String, ?> payload) {
        AssetEventRecord event = AssetEventRecord.of(accountId, assetId, type, payload);
        return jdbc.update(AssetEventRecord.INSERT_UNLESS_DELETED, event.parameters()) == 1;
    }
}
