package so.rend.api.webhooks;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiErrorCode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the API shows of an endpoint's deliveries (each with its attempts), and the two ways to send
 * again: one delivery now, or every event of the account after a sequence (a replay). Both put the
 * deliveries back in the outbox with a fresh retry window; the delivery loops do the sending.
 */
@Service
public class DeliveryLog {

    /** The most events one replay queues; replay again from the last one for more. */
    static final int MAX_REPLAY = 10_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String LIST =
            """
            SELECT d.id, d.event_sequence, ev.event_id, ev.event_type, d.asset_id, d.state,
                   d.attempts AS attempt_count, d.next_attempt_at, d.created_at, d.delivered_at,
                   COALESCE((SELECT jsonb_agg(jsonb_build_object(
                                 'attempted_at', a.attempted_at, 'status_code', a.status_code,
                                 'error', a.error, 'duration_ms', a.duration_ms) ORDER BY a.id)
                             FROM rend.webhook_attempts a WHERE a.delivery_id = d.id),
                            '[]'::jsonb)::text AS attempts
            FROM rend.webhook_deliveries d
            JOIN rend.asset_events ev ON ev.sequence = d.event_sequence
            WHERE d.endpoint_id = :endpoint AND d.event_sequence < :before
            ORDER BY d.event_sequence DESC
            LIMIT :limit
            """;

    private static final String REQUEUE =
            "state = 'pending', next_attempt_at = now(), window_start = now(), delivered_at = NULL";

    private final DatabaseClient db;
    private final WebhookEndpoints endpoints;

    public DeliveryLog(DatabaseClient db, WebhookEndpoints endpoints) {
        this.db = db;
        this.endpoints = endpoints;
    }

    /** A delivery and its attempts, oldest attempt first. */
    public record Delivery(
            UUID id,
            long sequence,
            UUID eventId,
            String eventType,
            UUID assetId,
            String state,
            int attemptCount,
            Instant nextAttemptAt,
            Instant createdAt,
            Instant deliveredAt,
            JsonNode attempts) {}

    /** The endpoint's deliveries, newest event first, before {@code beforeSequence}. */
    public Flux<Delivery> list(UUID account, UUID endpoint, long beforeSequence, int limit) {
        return endpoints
                .get(account, endpoint)
                .thenMany(
                        db.sql(LIST)
                                .bind("endpoint", endpoint)
                                .bind("before", beforeSequence)
                                .bind("limit", limit)
                                .map(
                                        row -> {
                                            String state = row.get("state", String.class);
                                            OffsetDateTime delivered =
                                                    row.get("delivered_at", OffsetDateTime.class);
                                            return new Delivery(
                                                    row.get("id", UUID.class),
                                                    row.get("event_sequence", Long.class),
                                                    row.get("event_id", UUID.class),
                                                    row.get("event_type", String.class),
                                                    row.get("asset_id", UUID.class),
                                                    state,
                                                    row.get("attempt_count", Integer.class),
                                                    "pending".equals(state)
                                                            ? row.get(
                                                                            "next_attempt_at",
                                                                            OffsetDateTime.class)
                                                                    .toInstant()
                                                            : null,
                                                    row.get("created_at", OffsetDateTime.class)
                                                            .toInstant(),
                                                    delivered == null
                                                            ? null
                                                            : delivered.toInstant(),
                                                    JSON.readTree(
                                                            row.get("attempts", String.class)));
                                        })
                                .all());
    }

    /** Sends one delivery again now, whatever its state. */
    public Mono<Void> redeliver(UUID account, UUID endpoint, UUID delivery) {
        return db.sql(
                        "UPDATE rend.webhook_deliveries d SET "
                                + REQUEUE
                                + " FROM rend.webhook_endpoints e WHERE d.id = :id AND"
                                + " d.endpoint_id = :endpoint AND e.id = d.endpoint_id AND"
                                + " e.account_id = :account")
                .bind("id", delivery)
                .bind("endpoint", endpoint)
                .bind("account", account)
                .fetch()
                .rowsUpdated()
                .as(
                        rows ->
                                WebhookEndpoints.touched(
                                        rows, ApiErrorCode.WEBHOOK_DELIVERY_NOT_FOUND));
    }

    /** What a replay queued: how many events, and the last one's sequence (or the start). */
    public record Replay(long queued, long throughSequence) {}

    /**
     * Queues every event of the account after {@code afterSequence} that the endpoint's filter
     * takes (at most {@link #MAX_REPLAY}), sent again even if delivered before.
     */
    public Mono<Replay> replay(UUID account, UUID endpoint, long afterSequence) {
        GenericExecuteSpec insert =
                db.sql(
                                """
                        INSERT INTO rend.webhook_deliveries (id, endpoint_id, event_sequence, asset_id)
                        SELECT gen_random_uuid(), e.id, ev.sequence, ev.asset_id
                        FROM rend.webhook_endpoints e
                        JOIN rend.asset_events ev ON ev.account_id = e.account_id
                        WHERE e.id = :endpoint AND e.account_id = :account
                          AND ev.sequence > :after
                          AND (cardinality(e.event_types) = 0 OR ev.event_type = ANY (e.event_types))
                        ORDER BY ev.sequence
                        LIMIT :max
                        ON CONFLICT (endpoint_id, event_sequence) DO UPDATE SET\s"""
                                        + REQUEUE
                                        + " RETURNING event_sequence")
                        .bind("endpoint", endpoint)
                        .bind("account", account)
                        .bind("after", afterSequence)
                        .bind("max", MAX_REPLAY);
        return endpoints
                .get(account, endpoint)
                .then(
                        insert.map(row -> row.get("event_sequence", Long.class))
                                .all()
                                .reduce(
                                        new Replay(0, afterSequence),
                                        (r, seq) ->
                                                new Replay(
                                                        r.queued() + 1,
                                                        Math.max(r.throughSequence(), seq))));
    }
}
