package so.rend.api.assets;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetMetadata.Field;
import so.rend.api.errors.ApiError;
import so.rend.api.events.AssetEventLog;
import so.rend.assetevents.AssetEventType;

/**
 * Applies a {@link MetadataPatch} to a live asset and records {@code asset.updated}, in one
 * transaction. One UPDATE sets only the patch's fields, so two PATCHes of different fields at once
 * both land (the row lock orders them; neither reads then writes back a stale copy), and each event
 * carries the metadata as its own change left it.
 */
@Repository
public class AssetMetadataUpdates {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final AssetEventLog events;
    private final AssetRepository assets;

    public AssetMetadataUpdates(
            DatabaseClient db,
            TransactionalOperator tx,
            AssetEventLog events,
            AssetRepository assets) {
        this.db = db;
        this.tx = tx;
        this.events = events;
        this.assets = assets;
    }

    /**
     * The asset after the patch; {@code asset_not_found} when it is not the account's or is
     * deleted. An empty patch changes nothing and records no event.
     */
    public Mono<Asset> apply(UUID accountId, UUID assetId, MetadataPatch patch) {
        if (patch.isEmpty()) {
            return assets.find(accountId, assetId)
                    .filter(asset -> asset.deletedAt() == null)
                    .switchIfEmpty(Mono.error(ApiError::assetNotFound));
        }
        List<String> updated = patch.fields().stream().map(Field::wireName).toList();
        return update(accountId, assetId, patch)
                .switchIfEmpty(Mono.error(ApiError::assetNotFound))
                .flatMap(
                        asset ->
                                events.append(
                                                accountId,
                                                assetId,
                                                AssetEventType.ASSET_UPDATED,
                                                Map.of("updated_fields", updated))
                                        .thenReturn(asset))
                .as(tx::transactional);
    }

    private Mono<Asset> update(UUID accountId, UUID assetId, MetadataPatch patch) {
        DatabaseClient.GenericExecuteSpec sql =
                db.sql(updateSql(patch)).bind("id", assetId).bind("account", accountId);
        for (Field field : patch.fields()) {
            Object value = patch.value(field);
            if (field == Field.TAGS) {
                @SuppressWarnings("unchecked")
                List<String> tags = (List<String>) value;
                sql = sql.bind(field.column(), tags.toArray(String[]::new));
            } else {
                sql = AssetRepository.text(sql, field.column(), (String) value);
            }
        }
        return sql.map(AssetRepository::asset).one();
    }

    /** Column names come from {@link Field}, never from the request; values are bound. */
    static String updateSql(MetadataPatch patch) {
        StringBuilder set = new StringBuilder();
        for (Field field : patch.fields()) {
            String column = field.column();
            String value = field == Field.TAGS ? "CAST(:tags AS text[])" : ":" + column;
            set.append(column).append(" = ").append(value).append(", ");
        }
        return "UPDATE rend.assets SET "
                + set
                + "updated_at = now() WHERE id = :id AND account_id = :account"
                + " AND deleted_at IS NULL RETURNING "
                + AssetRepository.ASSET_COLUMNS;
    }
}
