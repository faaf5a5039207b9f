package so.rend.api.uploads;

import java.util.Arrays;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.uploads.DirectUploadPaths.Capability;

/**
 * CORS for direct upload URLs, whose allowed origin is each session's own {@code cors_origin}:
 * answers {@code OPTIONS} (a preflight, or tus discovery) before Spring's CORS handling would
 * answer it with nothing, and gives the tus routes the same origin check ({@link #allow}). A
 * request from another origin is refused with 403 and no {@code Access-Control-Allow-Origin}, so
 * the browser shows the page nothing. A request with no {@code Origin} (not from a browser) passes:
 * only the token authorizes, and an origin is anyone's to claim outside a browser.
 */
@Component
@Order(-1)
class DirectUploadCors implements WebFilter {

    private final UploadSessions sessions;

    DirectUploadCors(UploadSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getMethod() != HttpMethod.OPTIONS) {
            return chain.filter(exchange);
        }
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        Capability capability = DirectUploadPaths.parse(path);
        if (capability == null) {
            // A direct upload URL no session can have (as the tus methods answer it), rather than
            // the framework's own 200 with an Allow header for the route's pattern.
            return path.startsWith(DirectUploadPaths.PREFIX)
                    ? Mono.error(ApiErrorCode.UPLOAD_NOT_FOUND::error)
                    : chain.filter(exchange);
        }
        HttpHeaders response = exchange.getResponse().getHeaders();
        return sessions.forUpload(capability)
                .flatMap(
                        session -> {
                            allow(session, exchange.getRequest().getHeaders(), response);
                            TusController.discovery(session).forEach(response::set);
                            response.set(TusHeaders.RESUMABLE, TusHeaders.VERSION);
                            if (response.getAccessControlAllowOrigin() != null) {
                                response.set(
                                        HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS,
                                        "POST, HEAD, PATCH, DELETE, OPTIONS");
                                response.set(
                                        HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                                        TusHeaders.ALLOWED_HEADERS);
                                response.setAccessControlMaxAge(86400);
                            }
                            exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
                            return exchange.getResponse().setComplete();
                        });
    }

    /**
     * Checks the request's {@code Origin} against the session's and, when one was sent and is
     * allowed, names it in {@code Access-Control-Allow-Origin}; 403 for any other origin.
     */
    static void allow(UploadSession session, HttpHeaders request, HttpHeaders response) {
        String origin = request.getOrigin();
        response.setVary(List.of(HttpHeaders.ORIGIN));
        if (origin == null) {
            return;
        }
        boolean any = "*".equals(session.corsOrigin());
        if (!any && !session.corsOrigin().equalsIgnoreCase(origin)) {
            throw ApiErrorCode.UPLOAD_ORIGIN_REFUSED.error();
        }
        response.setAccessControlAllowOrigin(origin);
        response.setAccessControlExposeHeaders(
                Arrays.asList(TusHeaders.EXPOSED_HEADERS.split(", ")));
    }
}
