-- API keys through the API (issue 21): an optional expiry, and when a key was last used (written at
-- most once a minute per key, so authentication stays a read). `label` is the key's name.
ALTER TABLE rend.api_keys
    ADD COLUMN expires_at    timestamptz,
    ADD COLUMN last_used_at  timestamptz;
-- The listing and the last-key check read an account's live keys.
CREATE INDEX api_keys_account_live ON rend.api_keys (account_id, created_at) WHERE revoked_at IS NULL;
