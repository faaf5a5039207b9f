-- The cluster variant of V001, for when one ClickHouse node is outgrown. Not applied by the runner
-- (it takes a cluster defined in the servers' remote_servers, ZooKeeper or ClickHouse Keeper, and
-- the {shard}/{replica} macros); run it by hand with clickhouse-client, then point every Rend
-- process at any node: edges insert into playback_events (the Distributed table) and reads go
-- through it too, so the queries do not change. Same columns, same key, same partitioning.
CREATE TABLE IF NOT EXISTS {database}.playback_events_local ON CLUSTER '{cluster}'
(
    event_id      UUID,
    observed_at   DateTime,
    asset_id      String,
    artifact_path String,
    edge_id       String,
    region        String,
    cache_status  Enum8('NONE' = 0, 'HIT' = 1, 'MISS' = 2, 'COALESCED' = 3),
    status_code   UInt16,
    bytes_served  UInt64,
    content_type  String,
    duration_ms   UInt32,
    error_code    String
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/playback_events', '{replica}')
PARTITION BY toDate(observed_at)
ORDER BY (asset_id, observed_at, event_id);

-- Sharded by asset: every copy of an event (same asset_id) lands on the same shard, so FINAL and
-- GROUP BY event_id still see all duplicates together.
CREATE TABLE IF NOT EXISTS {database}.playback_events ON CLUSTER '{cluster}'
AS {database}.playback_events_local
ENGINE = Distributed('{cluster}', {database}, playback_events_local, cityHash64(asset_id));
