package so.rend.api.uploads;

import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetIds;
import so.rend.api.auth.ApiKeyFilter;
import so.rend.api.config.ApiProperties;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.web.SmallBodies;

/** {@code /v1/uploads}: direct upload sessions, for an account's API key. */
@RestController
class UploadsController {

    private final UploadSessions sessions;
    private final UploadSessionStore store;
    private final UploadsProperties properties;
    private final long uploadLimit;

    UploadsController(
            UploadSessions sessions,
            UploadSessionStore store,
            UploadsProperties properties,
            ApiProperties api) {
        this.sessions = sessions;
        this.store = store;
        this.properties = properties;
        this.uploadLimit = api.maxUploadBytes();
    }

    @PostMapping("/v1/uploads")
    Mono<ResponseEntity<Object>> create(ServerWebExchange exchange) {
        UUID account = ApiKeyFilter.account(exchange);
        return SmallBodies.read(exchange.getRequest().getBody(), UploadSessionRequest.MAX_BYTES)
                .map(bytes -> UploadSessionRequest.parse(bytes, properties, uploadLimit))
                .flatMap(request -> sessions.create(account, request))
                .flatMap(
                        created ->
                                store.events(created.session().id())
                                        .collectList()
                                        .map(
                                                events ->
                                                        ResponseEntity.status(HttpStatus.CREATED)
                                                                .header(
                                                                        HttpHeaders.LOCATION,
                                                                        "/v1/uploads/"
                                                                                + created.session()
                                                                                        .id())
                                                                .body(
                                                                        UploadSessionView.of(
                                                                                created.session(),
                                                                                properties.absolute(
                                                                                        exchange
                                                                                                .getRequest(),
                                                                                        DirectUploadPaths
                                                                                                .path(
                                                                                                        created.session()
                                                                                                                .id(),
                                                                                                        created
                                                                                                                .token())),
                                                                                events))));
    }

    @GetMapping("/v1/uploads/{id}")
    Mono<Object> get(ServerWebExchange exchange, @PathVariable String id) {
        UUID account = ApiKeyFilter.account(exchange);
        return sessions.get(account, uploadId(id)).flatMap(this::withEvents);
    }

    @PostMapping("/v1/uploads/{id}/cancel")
    Mono<Object> cancel(ServerWebExchange exchange, @PathVariable String id) {
        UUID account = ApiKeyFilter.account(exchange);
        return sessions.cancel(account, uploadId(id)).flatMap(this::withEvents);
    }

    private Mono<Object> withEvents(UploadSession session) {
        return store.events(session.id())
                .collectList()
                .map(events -> UploadSessionView.of(session, null, events));
    }

    private static UUID uploadId(String id) {
        UUID parsed = AssetIds.parse(id);
        if (parsed == null) {
            throw ApiErrorCode.UPLOAD_NOT_FOUND.error();
        }
        return parsed;
    }
}
