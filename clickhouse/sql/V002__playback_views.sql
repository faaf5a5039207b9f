-- Players' QoE beacons: one row per beacon a <rend-player> sent for a view (POST /v1/playback/beacons,
-- written by the API in batches). A view sends several, each with a higher seq and its counters so far,
-- so reads take each view's row with the highest seq (argMax(x, seq) grouped by view_id); a beacon
-- stored twice changes nothing. startup_ms and page_first_frame_ms are -1 until the first frame.
-- Same rules as V001: what ClickHouse 18.16 and current releases both accept; retention drops day
-- partitions like playback_events'.
CREATE TABLE IF NOT EXISTS {database}.playback_views
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
ENGINE = ReplacingMergeTree
PARTITION BY toDate(received_at)
ORDER BY (asset_id, view_id, seq);
