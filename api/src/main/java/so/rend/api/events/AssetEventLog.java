package so.rend.api.events;

import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import so.rend.assetevents.AssetEventRecord;
import so.rend.assetevents.AssetEventType;

/**
 * The API's appends to the durable lifecycle log, through the one shared INSERT. Call it inside the
 * transaction that made the change the event reports.
 */
@Component
public class AssetEventLog {

    private final DatabaseClient db;

    public AssetEventLog(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> append(
            UUID accountId, UUID assetId, AssetEventType type, Map<String, ?> payload) {
        return append(AssetEventRecord.of(accountId, assetId, type, payload));
    }

    public Mono<Void> append(AssetEventRecord event) {
        return db.sql(AssetEventRecord.INSERT).bindValues(event.parameters()).then();
    }
}
