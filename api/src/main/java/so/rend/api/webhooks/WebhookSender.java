package so.rend.api.webhooks;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import so.rend.api.errors.ApiError;
import so.rend.api.outbound.OutboundAddresses.Target;
import so.rend.api.outbound.OutboundHttp;
import so.rend.api.webhooks.DeliveryOutbox.Claimed;
import tools.jackson.databind.json.JsonMapper;

/**
 * One attempt of one delivery: a signed JSON POST to the endpoint's checked, pinned address. No
 * redirect is followed (a 3xx is a failed attempt), the answer's body is never read, and connect
 * plus answer are bounded by {@code REND_WEBHOOK_TIMEOUT_SECS}.
 */
@Component
public class WebhookSender {

    /** What an attempt came to; {@code status} is null when no answer came. */
    public record Outcome(Integer status, String error, long durationMs) {
        boolean acknowledged() {
            return status != null && status >= 200 && status <= 299;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookTargets targets;
    private final WebhookProperties properties;
    private final HttpClient client;

    public WebhookSender(WebhookTargets targets, WebhookProperties properties) {
        this.targets = targets;
        this.properties = properties;
        this.client = OutboundHttp.client(properties.timeout(), properties.timeout());
    }

    /** The JSON body of a delivery: the event as {@code GET /v1/assets/{id}/events} shows it. */
    public static byte[] body(Claimed delivery) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", delivery.eventId().toString());
        event.put("event_type", delivery.eventType());
        event.put("sequence", delivery.sequence());
        event.put("asset_id", delivery.assetId().toString());
        event.put("created_at", delivery.createdAt().toString());
        event.put("payload", JSON.readTree(delivery.payloadJson()));
        return JSON.writeValueAsBytes(event);
    }

    public Mono<Outcome> send(Claimed delivery) {
        long started = System.nanoTime();
        byte[] body = body(delivery);
        String signature =
                WebhookSignature.header(Instant.now().getEpochSecond(), body, delivery.secrets());
        return targets.check(delivery.url())
                .flatMap(target -> post(target, body, signature, delivery))
                .map(status -> new Outcome(status, null, millisSince(started)))
                .timeout(properties.timeout())
                .onErrorResume(e -> Mono.just(new Outcome(null, reason(e), millisSince(started))));
    }

    private Mono<Integer> post(Target target, byte[] body, String signature, Claimed delivery) {
        return OutboundHttp.to(client, target, "rend-webhooks")
                .headers(
                        headers ->
                                headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                                        .set(WebhookSignature.HEADER, signature)
                                        .set("rend-event-id", delivery.eventId()))
                .post()
                .uri(target.pathAndQuery())
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .response((response, content) -> Mono.just(response.status().code()))
                .next();
    }

    /** Why an attempt got no answer, without the URL or anything else a log should not keep. */
    private static String reason(Throwable e) {
        if (e instanceof ApiError refused) {
            return refused.code();
        }
        return e.getClass().getSimpleName();
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
