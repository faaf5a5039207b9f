-- Rend control-plane schema. Postgres is the source of truth for accounts, assets, artifacts,
-- media jobs, lifecycle events and the edge registry. Raw playback telemetry lives in ClickHouse.

CREATE TABLE rend.accounts (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- API keys are stored as SHA-256 of the full key: keys are long random strings, so a fast hash
-- is enough (as with GitHub tokens) and a lookup is one index probe. The prefix helps people
-- recognise a key without revealing it.
CREATE TABLE rend.api_keys (
    id          uuid PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES rend.accounts (id) ON DELETE CASCADE,
    key_prefix  text NOT NULL,
    key_sha256  bytea NOT NULL UNIQUE CHECK (octet_length(key_sha256) = 32),
    label       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX api_keys_account ON rend.api_keys (account_id);

CREATE TABLE rend.assets (
    id                   uuid PRIMARY KEY,
    account_id           uuid NOT NULL REFERENCES rend.accounts (id),
    source_state         text NOT NULL CHECK (source_state IN ('uploaded', 'failed')),
    playable_state       text NOT NULL DEFAULT 'not_playable'
                         CHECK (playable_state IN ('not_playable', 'opener_ready', 'hls_ready', 'failed')),
    source_object_key    text NOT NULL UNIQUE,
    source_content_type  text NOT NULL,
    source_byte_size     bigint NOT NULL CHECK (source_byte_size > 0),
    -- Probe metadata, filled by the media worker.
    duration_ms          bigint CHECK (duration_ms >= 0),
    width                integer CHECK (width > 0),
    height               integer CHECK (height > 0),
    video_codec          text,
    audio_codec          text,
    probe                jsonb,
    failure_code         text,
    failure_message      text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    deleted_at           timestamptz
);
-- Cursor pagination of an account's live assets, newest first.
CREATE INDEX assets_account_page ON rend.assets (account_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;

CREATE TABLE rend.artifacts (
    id            uuid PRIMARY KEY,
    asset_id      uuid NOT NULL REFERENCES rend.assets (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('source', 'opener', 'thumbnail', 'master_playlist',
                                                'media_playlist', 'init_segment', 'media_segment')),
    rendition     text,
    object_key    text NOT NULL UNIQUE,
    content_type  text NOT NULL,
    byte_size     bigint NOT NULL CHECK (byte_size >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX artifacts_asset ON rend.artifacts (asset_id);

-- The media job queue: claimed with FOR UPDATE SKIP LOCKED, leased with heartbeats.
CREATE TABLE rend.media_jobs (
    id                uuid PRIMARY KEY,
    asset_id          uuid NOT NULL REFERENCES rend.assets (id) ON DELETE CASCADE,
    kind              text NOT NULL CHECK (kind IN ('process_asset', 'delete_asset_objects')),
    state             text NOT NULL DEFAULT 'queued'
                      CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts      integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    run_after         timestamptz NOT NULL DEFAULT now(),
    lease_owner       text,
    lease_expires_at  timestamptz,
    last_error_code   text,
    last_error        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);
CREATE INDEX media_jobs_ready ON rend.media_jobs (run_after) WHERE state = 'queued';
CREATE INDEX media_jobs_leases ON rend.media_jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX media_jobs_asset ON rend.media_jobs (asset_id);

-- Wake idle workers the moment a job becomes runnable, instead of making them poll.
CREATE FUNCTION rend.notify_media_job() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'queued' THEN
        PERFORM pg_notify('rend_media_jobs', NEW.id::text);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER media_jobs_notify
    AFTER INSERT OR UPDATE OF state, run_after ON rend.media_jobs
    FOR EACH ROW EXECUTE FUNCTION rend.notify_media_job();

-- The durable lifecycle log; sequence is the cursor for polling and SSE replay.
CREATE TABLE rend.asset_events (
    sequence    bigserial PRIMARY KEY,
    event_id    uuid NOT NULL UNIQUE,
    account_id  uuid NOT NULL REFERENCES rend.accounts (id),
    asset_id    uuid NOT NULL REFERENCES rend.assets (id) ON DELETE CASCADE,
    event_type  text NOT NULL,
    payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX asset_events_asset ON rend.asset_events (asset_id, sequence);
CREATE INDEX asset_events_account ON rend.asset_events (account_id, sequence);

CREATE FUNCTION rend.notify_asset_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rend_asset_events', NEW.sequence::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER asset_events_notify
    AFTER INSERT ON rend.asset_events
    FOR EACH ROW EXECUTE FUNCTION rend.notify_asset_event();

-- Edges register and heartbeat here; warm and purge fan out to the healthy rows.
CREATE TABLE rend.edge_nodes (
    id                 text PRIMARY KEY,
    region             text NOT NULL,
    public_url         text NOT NULL,
    internal_url       text NOT NULL,
    version            text,
    registered_at      timestamptz NOT NULL DEFAULT now(),
    last_heartbeat_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX edge_nodes_heartbeat ON rend.edge_nodes (last_heartbeat_at);
