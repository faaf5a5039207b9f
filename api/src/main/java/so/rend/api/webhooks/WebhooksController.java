package so.rend.api.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetIds;
import so.rend.api.auth.ApiKeyFilter;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.requests.JsonBodies;

/** {@code /v1/webhooks}: an account's endpoints, their secrets and their deliveries. */
@RestController
public class WebhooksController {

    private final WebhookEndpoints endpoints;
    private final DeliveryLog deliveries;

    public WebhooksController(WebhookEndpoints endpoints, DeliveryLog deliveries) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
    }

    /** A list answer, in the shape of the other lists of the API. */
    public record Page<T>(List<T> data) {}

    @PostMapping("/v1/webhooks")
    Mono<ResponseEntity<WebhookEndpoint>> create(ServerWebExchange exchange) {
        UUID account = ApiKeyFilter.account(exchange);
        return JsonBodies.read(exchange.getRequest(), false)
                .map(WebhookChange::parse)
                .flatMap(change -> endpoints.create(account, change))
                .map(created -> ResponseEntity.status(HttpStatus.CREATED).body(created));
    }

    @GetMapping("/v1/webhooks")
    Mono<Page<WebhookEndpoint>> list(ServerWebExchange exchange) {
        return endpoints.list(ApiKeyFilter.account(exchange)).collectList().map(Page::new);
    }

    @GetMapping("/v1/webhooks/{webhookId}")
    Mono<WebhookEndpoint> get(ServerWebExchange exchange, @PathVariable String webhookId) {
        return endpoints.get(ApiKeyFilter.account(exchange), id(webhookId));
    }

    @PatchMapping("/v1/webhooks/{webhookId}")
    Mono<WebhookEndpoint> update(ServerWebExchange exchange, @PathVariable String webhookId) {
        UUID account = ApiKeyFilter.account(exchange);
        UUID id = id(webhookId);
        return JsonBodies.read(exchange.getRequest(), false)
                .map(WebhookChange::parse)
                .flatMap(change -> endpoints.update(account, id, change));
    }

    @DeleteMapping("/v1/webhooks/{webhookId}")
    Mono<ResponseEntity<Void>> delete(ServerWebExchange exchange, @PathVariable String webhookId) {
        return endpoints
                .delete(ApiKeyFilter.account(exchange), id(webhookId))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/v1/webhooks/{webhookId}/rotate-secret")
    Mono<WebhookEndpoint> rotate(ServerWebExchange exchange, @PathVariable String webhookId) {
        UUID account = ApiKeyFilter.account(exchange);
        UUID id = id(webhookId);
        return JsonBodies.read(exchange.getRequest(), true)
                .map(body -> RequestNumbers.field(body, "overlap_seconds", 0, maxOverlap()))
                .defaultIfEmpty(Duration.ofDays(1).toSeconds())
                .flatMap(overlap -> endpoints.rotate(account, id, Duration.ofSeconds(overlap)));
    }

    @GetMapping("/v1/webhooks/{webhookId}/deliveries")
    Mono<Page<DeliveryLog.Delivery>> deliveries(
            ServerWebExchange exchange, @PathVariable String webhookId) {
        Map<String, String> query = exchange.getRequest().getQueryParams().toSingleValueMap();
        int limit = (int) RequestNumbers.query(query, "limit", 1, 100, 50);
        long before =
                RequestNumbers.query(query, "before_sequence", 1, Long.MAX_VALUE, Long.MAX_VALUE);
        return deliveries
                .list(ApiKeyFilter.account(exchange), id(webhookId), before, limit)
                .collectList()
                .map(Page::new);
    }

    @PostMapping("/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver")
    Mono<ResponseEntity<Map<String, String>>> redeliver(
            ServerWebExchange exchange,
            @PathVariable String webhookId,
            @PathVariable String deliveryId) {
        UUID delivery = AssetIds.parse(deliveryId);
        if (delivery == null) {
            return Mono.error(ApiErrorCode.WEBHOOK_DELIVERY_NOT_FOUND.error());
        }
        return deliveries
                .redeliver(ApiKeyFilter.account(exchange), id(webhookId), delivery)
                .thenReturn(ResponseEntity.accepted().body(Map.of("state", "pending")));
    }

    @PostMapping("/v1/webhooks/{webhookId}/replay")
    Mono<ResponseEntity<DeliveryLog.Replay>> replay(
            ServerWebExchange exchange, @PathVariable String webhookId) {
        UUID account = ApiKeyFilter.account(exchange);
        UUID id = id(webhookId);
        return JsonBodies.read(exchange.getRequest(), false)
                .map(body -> RequestNumbers.field(body, "after_sequence", 0, Long.MAX_VALUE))
                .flatMap(after -> deliveries.replay(account, id, after))
                .map(replay -> ResponseEntity.accepted().body(replay));
    }

    private static long maxOverlap() {
        return WebhookEndpoints.MAX_OVERLAP.toSeconds();
    }

    private static UUID id(String text) {
        UUID id = AssetIds.parse(text);
        if (id == null) {
            throw ApiErrorCode.WEBHOOK_NOT_FOUND.error();
        }
        return id;
    }
}
