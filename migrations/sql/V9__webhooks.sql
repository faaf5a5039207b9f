-- Webhooks (issue 21). An endpoint is a URL of one account with an event-type filter (empty: every
-- type) and its own signing secret. The secret is kept in clear because signing needs it (as Stripe
-- and Mux keep theirs); the API shows it once. During a rotation the previous secret also signs
-- until previous_secret_until, so a receiver sees two v1 values and may switch at its own pace.
CREATE TABLE rend.webhook_endpoints (
    id                     uuid PRIMARY KEY,
    account_id             uuid NOT NULL REFERENCES rend.accounts (id) ON DELETE CASCADE,
    url                    text NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2048),
    event_types            text[] NOT NULL DEFAULT '{}',
    enabled                boolean NOT NULL DEFAULT true,
    secret                 text NOT NULL,
    previous_secret        text,
    previous_secret_until  timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_account ON rend.webhook_endpoints (account_id, created_at);

-- The outbox: one row per (endpoint, event), written by a trigger in the transaction that appends
-- the event, so no event is lost between the log and its deliveries. Delivery loops on every API
-- replica claim due rows with FOR UPDATE SKIP LOCKED; a claim moves next_attempt_at past the
-- request's timeout (a lease), so a replica that dies mid-request leaves the row due again.
-- Order: a row is claimable only when no earlier event of the same asset for the same endpoint is
-- still pending (delivered and given-up rows no longer hold the chain).
CREATE TABLE rend.webhook_deliveries (
    id               uuid PRIMARY KEY,
    endpoint_id      uuid NOT NULL REFERENCES rend.webhook_endpoints (id) ON DELETE CASCADE,
    event_sequence   bigint NOT NULL REFERENCES rend.asset_events (sequence) ON DELETE CASCADE,
    asset_id         uuid NOT NULL,
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    -- Retries stop REND_WEBHOOK_RETRY_WINDOW_SECS after this (reset by redelivery and replay).
    window_start     timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    UNIQUE (endpoint_id, event_sequence)
);
CREATE INDEX webhook_deliveries_due ON rend.webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_chain ON rend.webhook_deliveries (endpoint_id, asset_id, event_sequence)
    WHERE state = 'pending';

CREATE TABLE rend.webhook_attempts (
    id            bigserial PRIMARY KEY,
    delivery_id   uuid NOT NULL REFERENCES rend.webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at  timestamptz NOT NULL DEFAULT now(),
    status_code   integer,
    error         text,
    duration_ms   integer NOT NULL CHECK (duration_ms >= 0)
);
CREATE INDEX webhook_attempts_delivery ON rend.webhook_attempts (delivery_id, id);

CREATE FUNCTION rend.enqueue_webhook_deliveries() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rend.webhook_deliveries (id, endpoint_id, event_sequence, asset_id)
    SELECT gen_random_uuid(), e.id, NEW.sequence, NEW.asset_id
    FROM rend.webhook_endpoints e
    WHERE e.account_id = NEW.account_id
      AND e.enabled
      AND (cardinality(e.event_types) = 0 OR NEW.event_type = ANY (e.event_types));
    RETURN NULL;
END
$$;
CREATE TRIGGER asset_events_webhooks
    AFTER INSERT ON rend.asset_events
    FOR EACH ROW EXECUTE FUNCTION rend.enqueue_webhook_deliveries();
