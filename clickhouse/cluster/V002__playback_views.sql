-- The cluster variant of V002 (see V001's header): a replicated local table, and a Distributed
-- table sharded by asset so every beacon of a view lands on one shard.
CREATE TABLE IF NOT EXISTS {database}.playback_views_local ON CLUSTER '{cluster}'
(
    view_id             UUID,
    asset_id            String,
    received_at         DateTime,
    seq                 UInt32,
    startup_ms          Int32,
    page_first_frame_ms Int32,
    watch_ms            UInt32,
    rebuffer_count      UInt32,
    rebuffer_ms         UInt32,
    bitrate_switches    UInt32,
    fatal_error         String,
    player              String
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/playback_views', '{replica}')
PARTITION BY toDate(received_at)
ORDER BY (asset_id, view_id, seq);

CREATE TABLE IF NOT EXISTS {database}.playback_views ON CLUSTER '{cluster}'
AS {database}.playback_views_local
ENGINE = Distributed('{cluster}', {database}, playback_views_local, cityHash64(asset_id));
