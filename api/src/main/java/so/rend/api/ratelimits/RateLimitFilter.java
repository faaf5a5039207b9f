package so.rend.api.ratelimits;

import java.time.Duration;
import java.util.UUID;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import so.rend.api.auth.ApiKeyFilter;
import so.rend.api.auth.PublicRoutes;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.idempotency.IdempotencyKey;
import so.rend.api.idempotency.IdempotencyStore;

/**
 * Charges every authenticated {@code /v1/} request to its account's budget for the route class, and
 * bounds the account's open event streams. Runs after {@link ApiKeyFilter}, so only real accounts
 * get a bucket: requests with a missing, forged or revoked key are refused there and create nothing
 * here. Every answer carries {@code RateLimit-Limit} and {@code RateLimit-Remaining} (and {@code
 * RateLimit-Reset}); a refusal is a 429 with {@code Retry-After}.
 */
@Component
@Order(1)
public class RateLimitFilter implements WebFilter {

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";

    /** A stream's slot frees when some stream of the account closes; nobody knows when. */
    private static final Duration EVENT_STREAM_RETRY = Duration.ofSeconds(5);

    private final RequestBudgets budgets;
    private final EventStreamSlots eventStreams;
    private final IdempotencyStore idempotencyKeys;

    public RateLimitFilter(
            RequestBudgets budgets,
            EventStreamSlots eventStreams,
            IdempotencyStore idempotencyKeys) {
        this.budgets = budgets;
        this.eventStreams = eventStreams;
        this.idempotencyKeys = idempotencyKeys;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!path.startsWith("/v1/") || PublicRoutes.isPublic(path)) {
            // Public routes take no key, so they have no account to count (beacons have their own
            // limits, BeaconLimits).
            return chain.filter(exchange);
        }
        UUID account = ApiKeyFilter.account(exchange);
        RouteClass routeClass = RouteClass.of(request.getMethod(), path);
        return replay(request, account)
                .flatMap(
                        replay ->
                                replay
                                        ? chain.filter(exchange)
                                        : charge(exchange, chain, account, routeClass));
    }

    /**
     * Whether the request repeats a create whose answer is stored under its Idempotency-Key: a
     * replay creates nothing, so it is not charged (whether it really is the same request, and so
     * gets the answer rather than 422, is decided by the route).
     */
    private Mono<Boolean> replay(ServerHttpRequest request, UUID account) {
        String key = request.getHeaders().getFirst(IdempotencyKey.HEADER);
        if (key == null
                || request.getMethod() != HttpMethod.POST
                || !IdempotencyKey.wellFormed(key)) {
            return Mono.just(false);
        }
        return idempotencyKeys.completed(account, key);
    }

    private Mono<Void> charge(
            ServerWebExchange exchange, WebFilterChain chain, UUID account, RouteClass routeClass) {
        return budgets.take(account, routeClass)
                .flatMap(
                        decision -> {
                            describe(exchange.getResponse(), decision);
                            if (!decision.allowed()) {
                                return refuse(
                                        exchange,
                                        ApiErrorCode.RATE_LIMITED
                                                .error()
                                                .withRetryAfter(
                                                        Duration.ofSeconds(
                                                                decision.retryAfterSeconds())));
                            }
                            return routeClass == RouteClass.EVENT_STREAMS
                                    ? stream(exchange, chain, account)
                                    : chain.filter(exchange);
                        });
    }

    private Mono<Void> stream(ServerWebExchange exchange, WebFilterChain chain, UUID account) {
        if (!eventStreams.tryTake(account)) {
            return refuse(
                    exchange,
                    ApiErrorCode.TOO_MANY_EVENT_STREAMS
                            .error(
                                    "this API key already holds "
                                            + eventStreams.maxPerAccount()
                                            + " open event streams here; close one first")
                            .withRetryAfter(EVENT_STREAM_RETRY));
        }
        // The chain completes when the stream ends, errs when it breaks and is cancelled when the
        // client goes away: each frees the slot, once.
        return chain.filter(exchange).doFinally(signal -> eventStreams.giveBack(account));
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, ApiError error) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (headers.getContentLength() > 0
                || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            // Refused with its body unread (an upload, say): close rather than drain it.
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        return Mono.error(error);
    }

    private static void describe(ServerHttpResponse response, RateDecision decision) {
        HttpHeaders headers = response.getHeaders();
        headers.set(LIMIT, Long.toString(decision.limit()));
        headers.set(REMAINING, Long.toString(decision.remaining()));
        headers.set(RESET, Long.toString(decision.resetSeconds()));
    }
}
