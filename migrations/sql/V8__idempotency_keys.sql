-- Idempotency-Key on creates (issue 20). A key belongs to one account: the same key from another
-- account is a different row. The first request claims the key (state 'pending', with what it can
-- say about itself before its body is read and a lease); the create's own transaction completes
-- the row with the body's SHA-256, the asset and the answer to replay. A failed create deletes its
-- pending row, a crashed one's lease runs out, so either way a retry can take the key. Rows live
-- 24 hours (the API deletes older ones and treats them as absent).
CREATE TABLE rend.idempotency_keys (
    account_id      uuid NOT NULL REFERENCES rend.accounts (id),
    key             text NOT NULL CHECK (octet_length(key) BETWEEN 1 AND 255 AND key ~ '^[\x21-\x7e]+$'),
    state           text NOT NULL CHECK (state IN ('pending', 'completed')),
    -- Who holds a pending claim: only its owner may complete or release it.
    claim_id        uuid NOT NULL,
    lease_until     timestamptz NOT NULL,
    route           text NOT NULL,
    content_type    text NOT NULL,
    -- -1 while a chunked body is unread; the stored length once completed.
    content_length  bigint NOT NULL,
    body_sha256     bytea CHECK (body_sha256 IS NULL OR octet_length(body_sha256) = 32),
    asset_id        uuid REFERENCES rend.assets (id) ON DELETE CASCADE,
    response_status integer,
    response_body   text CHECK (octet_length(response_body) <= 65536),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, key),
    CHECK (state = 'pending' OR (body_sha256 IS NOT NULL AND response_status IS NOT NULL
                                 AND response_body IS NOT NULL))
);
-- The hourly cleanup of keys older than 24 hours.
CREATE INDEX idempotency_keys_created_at ON rend.idempotency_keys (created_at);
