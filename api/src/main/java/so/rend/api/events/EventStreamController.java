package so.rend.api.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import so.rend.api.assets.AssetIds;
import so.rend.api.auth.ApiKeyFilter;
import so.rend.api.errors.ApiError;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/events}: the account's lifecycle events as Server-Sent Events. {@code id} is the
 * durable sequence, {@code event} the event type, {@code data} the event as JSON. Replay with
 * {@code Last-Event-ID} (wins) or {@code after_sequence}; filter with {@code asset_id}.
 */
@RestController
public class EventStreamController {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final EventStreams streams;
    private final JsonMapper json;

    public EventStreamController(EventStreams streams, JsonMapper json) {
        this.streams = streams;
        this.json = json;
    }

    @GetMapping(path = "/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> events(
            ServerWebExchange exchange,
            @RequestParam(name = "asset_id", required = false) String assetId,
            @RequestParam(name = "after_sequence", required = false) String afterSequence,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        UUID account = ApiKeyFilter.account(exchange);
        UUID asset = assetId == null ? null : AssetIds.parse(assetId);
        if (assetId != null && asset == null) {
            throw ApiError.invalidParameter("asset_id", "must be an asset id (a UUID)");
        }
        Long after = cursor("Last-Event-ID", lastEventId);
        if (after == null) {
            after = cursor("after_sequence", afterSequence);
        }
        Flux<ServerSentEvent<String>> events =
                streams.stream(account, asset, after).map(this::frame);
        Flux<ServerSentEvent<String>> keepAlive =
                Flux.interval(KEEP_ALIVE)
                        .map(
                                tick ->
                                        ServerSentEvent.<String>builder()
                                                .comment("keep-alive")
                                                .build());
        // The stream ends when the client leaves, falls behind, or this server shuts down.
        // A first comment right away sends the headers, so a client knows the stream is open before
        // any event.
        ServerSentEvent<String> opened =
                ServerSentEvent.<String>builder()
                        .comment("stream open")
                        .retry(Duration.ofSeconds(2))
                        .build();
        return events.publish(
                        shared ->
                                Flux.merge(
                                        shared,
                                        keepAlive.takeUntilOther(shared.then().thenReturn(true))))
                .startWith(opened)
                .onErrorResume(EventStreams.SlowClientException.class, e -> Flux.empty());
    }

    private ServerSentEvent<String> frame(StoredEvent e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sequence", e.sequence());
        data.put("event_id", e.eventId());
        data.put("asset_id", e.assetId());
        data.put("event_type", e.eventType());
        data.put("payload", json.readTree(e.payloadJson()));
        data.put("created_at", e.createdAt());
        return ServerSentEvent.<String>builder()
                .id(Long.toString(e.sequence()))
                .event(e.eventType())
                .data(json.writeValueAsString(data))
                .build();
    }

    private static Long cursor(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw ApiError.invalidParameter(name, "must not be negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiError.invalidParameter(name, "must be an event sequence number");
        }
    }
}
