-- Every edge heartbeat asks for the assets deleted within the longest token lifetime (to refuse
-- their already-issued URLs); a partial index keeps that a small range scan however many assets live.
CREATE INDEX assets_recently_deleted ON rend.assets (deleted_at) WHERE deleted_at IS NOT NULL;
