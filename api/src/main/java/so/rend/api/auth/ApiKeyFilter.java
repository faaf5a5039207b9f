package so.rend.api.auth;

import java.util.UUID;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiError;

/**
 * Every {@code /v1/} request carries {@code Authorization: Bearer <key>}; the key's account is put
 * on the exchange for the handlers. Runs before any body is read, so a bad key costs no upload.
 */
@Component
@Order(0)
public class ApiKeyFilter implements WebFilter {

    private static final String ACCOUNT = ApiKeyFilter.class.getName() + ".account";

    private final ApiKeys apiKeys;

    public ApiKeyFilter(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    /** The authenticated account of a {@code /v1/} request. */
    public static UUID account(ServerWebExchange exchange) {
        UUID account = exchange.getAttribute(ACCOUNT);
        if (account == null) {
            // Fails closed: a route reached without the filter's account is refused, never served.
            throw ApiError.unauthorized("send your API key as Authorization: Bearer <key>");
        }
        return account;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/v1/") || PublicRoutes.isPublic(path)) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || header.length() == 7) {
            return unauthorized(exchange, "send your API key as Authorization: Bearer <key>");
        }
        String key = header.substring(7).trim();
        if (key.isEmpty() || key.length() > 200) {
            return unauthorized(exchange, "invalid API key");
        }
        return apiKeys.accountOf(key)
                .switchIfEmpty(
                        Mono.defer(
                                () ->
                                        unauthorized(exchange, "invalid API key")
                                                .then(Mono.<UUID>empty())))
                .flatMap(
                        account -> {
                            exchange.getAttributes().put(ACCOUNT, account);
                            return chain.filter(exchange);
                        });
    }

    private static Mono<Void> unauthorized(ServerWebExchange exchange, String message) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return Mono.error(ApiError.unauthorized(message));
    }
}
