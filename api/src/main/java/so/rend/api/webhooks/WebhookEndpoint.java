package so.rend.api.webhooks;

import io.r2dbc.spi.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A webhook endpoint as the API shows it: never its secret, except in the answer that made one
 * ({@code secret} is {@code null} everywhere else).
 */
public record WebhookEndpoint(
        UUID id,
        String url,
        List<String> eventTypes,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt,
        Instant previousSecretExpiresAt,
        String secret) {

    static final String COLUMNS =
            "id, url, event_types, enabled, created_at, updated_at, previous_secret_until";

    static WebhookEndpoint of(Row row) {
        String[] types = row.get("event_types", String[].class);
        OffsetDateTime previous = row.get("previous_secret_until", OffsetDateTime.class);
        return new WebhookEndpoint(
                row.get("id", UUID.class),
                row.get("url", String.class),
                types == null ? List.of() : Arrays.asList(types),
                Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant(),
                previous == null || previous.toInstant().isBefore(Instant.now())
                        ? null
                        : previous.toInstant(),
                null);
    }

    WebhookEndpoint withSecret(String newSecret) {
        return new WebhookEndpoint(
                id,
                url,
                eventTypes,
                enabled,
                createdAt,
                updatedAt,
                previousSecretExpiresAt,
                newSecret);
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[id=" + id + ", url=<redacted>, secret=<redacted>]";
    }
}
