-- Direct upload sessions (issue 20): POST /v1/uploads hands out a URL a browser can send a video to
-- without the API key, as a tus 1.0 upload. The asset id is chosen at creation; the asset row is
-- written when the upload completes, in the same transaction as its job and asset.created (so the
-- assets table keeps its one meaning, "a stored source"). Until then the session has its own
-- lifecycle log, upload_events.
--
-- The URL's capability is a random token; only its SHA-256 is stored. Upload state lives here, not
-- in an API process, so any replica can take the next PATCH and a restarted API resumes from
-- upload_offset: bytes up to upload_offset are either in S3 parts (upload_parts) or staged here
-- (upload_staged_chunks) until they fill a part of at least 5 MiB.
CREATE TABLE rend.upload_sessions (
    id                 uuid PRIMARY KEY,
    account_id         uuid NOT NULL REFERENCES rend.accounts (id),
    -- The asset the upload becomes; no foreign key, the asset row exists only once it completes.
    asset_id           uuid NOT NULL UNIQUE,
    token_sha256       bytea NOT NULL CHECK (octet_length(token_sha256) = 32),
    status             text NOT NULL
                       CHECK (status IN ('waiting', 'asset_created', 'timed_out', 'cancelled', 'errored')),
    cors_origin        text NOT NULL CHECK (char_length(cors_origin) BETWEEN 1 AND 2048),
    max_bytes          bigint NOT NULL CHECK (max_bytes > 0),
    expires_at         timestamptz NOT NULL,
    -- The new asset's metadata, as checked at creation (the fields of PATCH /v1/assets/{id}).
    new_asset_metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- tus: Upload-Length once the upload is created (POST on the URL), never above max_bytes.
    upload_length      bigint CHECK (upload_length >= 0 AND upload_length <= max_bytes),
    content_type       text,
    upload_offset      bigint NOT NULL DEFAULT 0 CHECK (upload_offset >= 0),
    staged_bytes       bigint NOT NULL DEFAULT 0 CHECK (staged_bytes >= 0),
    next_part          integer NOT NULL DEFAULT 1 CHECK (next_part BETWEEN 1 AND 10001),
    s3_upload_id       text,
    -- The one PATCH that may write: a lease, so a crashed replica's claim runs out by itself.
    writer             uuid,
    writer_until       timestamptz,
    error_code         text,
    error_message      text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (upload_length IS NULL OR upload_offset <= upload_length),
    CHECK (staged_bytes <= upload_offset)
);
CREATE INDEX upload_sessions_account ON rend.upload_sessions (account_id, created_at DESC);
-- The expiry sweep: waiting sessions past their expires_at.
CREATE INDEX upload_sessions_waiting ON rend.upload_sessions (expires_at) WHERE status = 'waiting';

CREATE TABLE rend.upload_parts (
    upload_id    uuid NOT NULL REFERENCES rend.upload_sessions (id) ON DELETE CASCADE,
    part_number  integer NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
    etag         text NOT NULL,
    byte_size    bigint NOT NULL CHECK (byte_size > 0),
    PRIMARY KEY (upload_id, part_number)
);

-- Bytes received but not yet a whole part; deleted when their part is in S3.
CREATE TABLE rend.upload_staged_chunks (
    upload_id     uuid NOT NULL REFERENCES rend.upload_sessions (id) ON DELETE CASCADE,
    start_offset  bigint NOT NULL CHECK (start_offset >= 0),
    bytes         bytea NOT NULL CHECK (octet_length(bytes) > 0),
    PRIMARY KEY (upload_id, start_offset)
);

-- The session's lifecycle log: upload.created, upload.asset_created, upload.cancelled,
-- upload.timed_out, upload.errored (the asset's own log starts with asset.created).
CREATE TABLE rend.upload_events (
    sequence    bigserial PRIMARY KEY,
    event_id    uuid NOT NULL UNIQUE,
    account_id  uuid NOT NULL REFERENCES rend.accounts (id),
    upload_id   uuid NOT NULL REFERENCES rend.upload_sessions (id) ON DELETE CASCADE,
    event_type  text NOT NULL,
    payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX upload_events_upload ON rend.upload_events (upload_id, sequence);
