-- Edges page through deletions by the sequence of their asset.deleted events (a cursor they keep),
-- so each heartbeat answer is a short range scan of this partial index, bounded in size.
CREATE INDEX asset_events_deletions ON rend.asset_events (sequence) WHERE event_type = 'asset.deleted';
