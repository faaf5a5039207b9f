-- Raw playback telemetry: one row per public playback request an edge answered (or refused).
-- Written by the edges in batches (JSONEachRow); a batch replayed from an edge's spool arrives
-- twice, so every read deduplicates by event_id (FINAL, or GROUP BY event_id). ReplacingMergeTree
-- also folds duplicates away in background merges: they share the sorting key, and the partition
-- (observed_at is part of the event).
-- Kept to what ClickHouse 18.16 and current releases both accept: no LowCardinality, DateTime64,
-- TTL or Nullable in the key. Retention is by dropping whole day partitions (see clickhouse/README.md).
CREATE TABLE IF NOT EXISTS {database}.playback_events
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
ENGINE = ReplacingMergeTree
PARTITION BY toDate(observed_at)
ORDER BY (asset_id, observed_at, event_id);
