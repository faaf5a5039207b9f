package so.rend.api.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The delivery loops' side of {@code rend.webhook_deliveries}: claiming due deliveries and
 * recording each attempt. A claim takes only the head of each (endpoint, asset) chain — no earlier
 * event of that asset is pending for that endpoint — so events of one asset reach an endpoint in
 * sequence order, one at a time, whichever replica sends them.
 */
@Component
public class DeliveryOutbox {

    private static final String CLAIM =
            """
            WITH due AS (
                SELECT d.id FROM rend.webhook_deliveries d
                JOIN rend.webhook_endpoints e ON e.id = d.endpoint_id
                WHERE d.state = 'pending' AND d.next_attempt_at <= now() AND e.enabled
                  AND NOT EXISTS (
                      SELECT 1 FROM rend.webhook_deliveries p
                      WHERE p.endpoint_id = d.endpoint_id AND p.asset_id = d.asset_id
                        AND p.state = 'pending' AND p.event_sequence < d.event_sequence)
                ORDER BY d.next_attempt_at, d.event_sequence
                LIMIT :max
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE rend.webhook_deliveries d
            SET next_attempt_at = now() + make_interval(secs => :lease)
            FROM due, rend.webhook_endpoints e, rend.asset_events ev
            WHERE d.id = due.id AND e.id = d.endpoint_id AND ev.sequence = d.event_sequence
            RETURNING d.id, d.attempts, d.window_start, e.url, e.secret,
                CASE WHEN e.previous_secret_until > now() THEN e.previous_secret END
                    AS previous_secret,
                ev.sequence, ev.event_id, ev.event_type, ev.asset_id, ev.payload::text AS payload,
                ev.created_at
            """;

    private static final String RECORD =
            """
            WITH attempt AS (
                INSERT INTO rend.webhook_attempts (delivery_id, status_code, error, duration_ms)
                VALUES (:id, :status, :error, :duration))
            UPDATE rend.webhook_deliveries
            SET attempts = attempts + 1, state = :state,
                delivered_at = CASE WHEN :state = 'delivered' THEN now() END,
                next_attempt_at = now() + make_interval(secs => :delay)
            WHERE id = :id
            """;

    private final DatabaseClient db;

    public DeliveryOutbox(DatabaseClient db) {
        this.db = db;
    }

    /** A claimed delivery: everything its request needs. */
    public record Claimed(
            UUID id,
            int attempts,
            Instant windowStart,
            String url,
            List<String> secrets,
            long sequence,
            UUID eventId,
            String eventType,
            UUID assetId,
            String payloadJson,
            Instant createdAt) {

        @Override
        public String toString() {
            return "Claimed[id=" + id + ", sequence=" + sequence + ", secrets=<redacted>]";
        }
    }

    /** Up to {@code max} due deliveries, hidden from other loops for {@code lease}. */
    public Flux<Claimed> claim(int max, Duration lease) {
        return db.sql(CLAIM)
                .bind("max", max)
                .bind("lease", lease.toMillis() / 1000.0)
                .map(
                        row -> {
                            List<String> secrets = new ArrayList<>(2);
                            secrets.add(row.get("secret", String.class));
                            String previous = row.get("previous_secret", String.class);
                            if (previous != null) {
                                secrets.add(previous);
                            }
                            return new Claimed(
                                    row.get("id", UUID.class),
                                    row.get("attempts", Integer.class),
                                    row.get("window_start", OffsetDateTime.class).toInstant(),
                                    row.get("url", String.class),
                                    List.copyOf(secrets),
                                    row.get("sequence", Long.class),
                                    row.get("event_id", UUID.class),
                                    row.get("event_type", String.class),
                                    row.get("asset_id", UUID.class),
                                    row.get("payload", String.class),
                                    row.get("created_at", OffsetDateTime.class).toInstant());
                        })
                .all();
    }

    /**
     * Records one attempt: {@code delivered}, or {@code pending} again after {@code retryIn}, or
     * {@code failed} (given up) when {@code retryIn} is {@code null}.
     */
    public Mono<Void> record(UUID id, WebhookSender.Outcome outcome, Duration retryIn) {
        String state =
                outcome.acknowledged() ? "delivered" : retryIn == null ? "failed" : "pending";
        GenericExecuteSpec spec =
                db.sql(RECORD)
                        .bind("id", id)
                        .bind("duration", (int) Math.min(outcome.durationMs(), Integer.MAX_VALUE))
                        .bind("state", state)
                        .bind("delay", retryIn == null ? 0.0 : retryIn.toMillis() / 1000.0);
        spec =
                outcome.status() == null
                        ? spec.bindNull("status", Integer.class)
                        : spec.bind("status", outcome.status());
        spec =
                outcome.error() == null
                        ? spec.bindNull("error", String.class)
                        : spec.bind("error", outcome.error());
        return spec.then();
    }
}
