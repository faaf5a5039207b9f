package so.rend.api.uploads;

import java.util.Map;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.uploads.DirectUploadPaths.Capability;

/**
 * A direct upload's URL speaks tus 1.0 (core, creation, termination, expiration), with no API key:
 * the path's token is the capability and the session's {@code cors_origin} bounds which pages may
 * use it. {@code OPTIONS} (discovery and CORS preflight) is {@link DirectUploadCors}.
 */
@RestController
class TusController {

    static final String ROUTE = "/v1/direct-uploads/{id}/{token}";

    private final UploadSessions sessions;
    private final TusReceiver receiver;
    private final UploadsProperties properties;

    TusController(UploadSessions sessions, TusReceiver receiver, UploadsProperties properties) {
        this.sessions = sessions;
        this.receiver = receiver;
        this.properties = properties;
    }

    /**
     * tus creation: {@code Upload-Length} (and {@code Upload-Metadata}) of the one upload. A POST
     * with {@code X-HTTP-Method-Override: PATCH} or {@code DELETE} is that request (tus clients on
     * platforms without PATCH, such as tus-java-client, send it so).
     */
    @RequestMapping(path = ROUTE, method = RequestMethod.POST)
    Mono<ResponseEntity<Void>> create(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String override = headers.getFirst("X-HTTP-Method-Override");
        if ("PATCH".equalsIgnoreCase(override)) {
            return patch(exchange);
        }
        if ("DELETE".equalsIgnoreCase(override)) {
            return terminate(exchange);
        }
        return session(exchange)
                .flatMap(
                        session -> {
                            if (headers.containsHeader("Upload-Defer-Length")) {
                                throw ApiError.invalidParameter(
                                        "Upload-Defer-Length", "not supported: send Upload-Length");
                            }
                            long length = TusHeaders.count(headers, TusHeaders.UPLOAD_LENGTH);
                            if (length == 0) {
                                throw ApiErrorCode.EMPTY_BODY.error("Upload-Length is 0");
                            }
                            if (length > session.maxBytes()) {
                                throw ApiErrorCode.UPLOAD_TOO_LARGE.error(
                                        "Upload-Length is over this upload's max_bytes, "
                                                + session.maxBytes());
                            }
                            String type = TusHeaders.videoType(TusHeaders.metadata(headers));
                            return sessions.createUpload(
                                    UploadSessions.waiting(session), length, type);
                        })
                .map(
                        session ->
                                ResponseEntity.status(HttpStatus.CREATED)
                                        .header(
                                                HttpHeaders.LOCATION,
                                                properties.absolute(
                                                        exchange.getRequest(),
                                                        exchange.getRequest()
                                                                .getPath()
                                                                .pathWithinApplication()
                                                                .value()))
                                        .header(
                                                TusHeaders.UPLOAD_EXPIRES,
                                                TusHeaders.expires(session.expiresAt()))
                                        .build());
    }

    @RequestMapping(path = ROUTE, method = RequestMethod.HEAD)
    Mono<ResponseEntity<Void>> head(ServerWebExchange exchange) {
        return session(exchange)
                .map(
                        session -> {
                            // A finished upload still tells its offset: a client resuming it learns
                            // it is done.
                            if (!UploadSession.ASSET_CREATED.equals(session.status())) {
                                UploadSessions.waiting(session);
                            }
                            ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
                            if (session.uploadLength() != null) {
                                ok.header(
                                        TusHeaders.UPLOAD_LENGTH,
                                        Long.toString(session.uploadLength()));
                            }
                            return ok.header(
                                            TusHeaders.UPLOAD_OFFSET,
                                            Long.toString(session.uploadOffset()))
                                    .header(
                                            TusHeaders.UPLOAD_EXPIRES,
                                            TusHeaders.expires(session.expiresAt()))
                                    .build();
                        });
    }

    @RequestMapping(path = ROUTE, method = RequestMethod.PATCH)
    Mono<ResponseEntity<Void>> patch(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return session(exchange)
                .flatMap(
                        session -> {
                            TusHeaders.checkPatchType(headers);
                            long offset = TusHeaders.count(headers, TusHeaders.UPLOAD_OFFSET);
                            if (finishedAt(session, offset)) {
                                return emptyAtTheEnd(exchange, session, offset);
                            }
                            UploadSessions.waiting(session);
                            if (session.uploadLength() == null) {
                                throw ApiErrorCode.UPLOAD_NOT_WAITING.error(
                                        "create the upload first: POST with Upload-Length");
                            }
                            if (offset != session.uploadOffset()) {
                                throw TusReceiver.offsetMismatch(session.uploadOffset());
                            }
                            long declared = headers.getContentLength();
                            if (declared > session.uploadLength() - offset) {
                                throw ApiErrorCode.UPLOAD_TOO_LARGE.error(
                                        "the body goes past Upload-Length");
                            }
                            return receiver.receive(
                                            session, offset, exchange.getRequest().getBody())
                                    .map(now -> offsetAnswer(session, now));
                        });
    }

    /** tus termination: the session is cancelled and nothing of the upload is kept. */
    @RequestMapping(path = ROUTE, method = RequestMethod.DELETE)
    Mono<ResponseEntity<Void>> terminate(ServerWebExchange exchange) {
        return session(exchange)
                .flatMap(
                        session ->
                                sessions.cancel(
                                        session.accountId(), UploadSessions.waiting(session).id()))
                .thenReturn(ResponseEntity.noContent().build());
    }

    /**
     * The session the URL names, after the checks every tus request gets: version, token, origin.
     * The tus and CORS headers are set first, so refusals carry them too.
     */
    private Mono<UploadSession> session(ServerWebExchange exchange) {
        HttpHeaders response = exchange.getResponse().getHeaders();
        response.set(TusHeaders.RESUMABLE, TusHeaders.VERSION);
        response.set("Tus-Version", TusHeaders.VERSION);
        response.set(HttpHeaders.CACHE_CONTROL, "no-store");
        HttpHeaders headers = exchange.getRequest().getHeaders();
        Capability capability =
                DirectUploadPaths.parse(
                        exchange.getRequest().getPath().pathWithinApplication().value());
        if (capability == null) {
            return Mono.error(ApiErrorCode.UPLOAD_NOT_FOUND::error);
        }
        return sessions.forUpload(capability)
                .map(
                        session -> {
                            DirectUploadCors.allow(session, headers, response);
                            TusHeaders.checkVersion(headers);
                            return session;
                        });
    }

    /**
     * An empty PATCH at the end of a finished upload (tus-java-client sends one when the length is
     * a multiple of its request size): its offset. The body is read (empty, or refused), so a
     * client waiting on {@code Expect: 100-continue} is let send it before the answer.
     */
    private static Mono<ResponseEntity<Void>> emptyAtTheEnd(
            ServerWebExchange exchange, UploadSession session, long offset) {
        return exchange.getRequest()
                .getBody()
                .map(
                        buffer -> {
                            int n = buffer.readableByteCount();
                            DataBufferUtils.release(buffer);
                            return (long) n;
                        })
                .reduce(0L, Long::sum)
                .map(
                        n -> {
                            if (n > 0) {
                                throw ApiErrorCode.UPLOAD_TOO_LARGE.error(
                                        "the upload is complete; the body goes past Upload-Length");
                            }
                            return offsetAnswer(session, offset);
                        });
    }

    private static boolean finishedAt(UploadSession session, long offset) {
        return UploadSession.ASSET_CREATED.equals(session.status())
                && session.uploadLength() != null
                && offset == session.uploadLength();
    }

    private static ResponseEntity<Void> offsetAnswer(UploadSession session, long offset) {
        return ResponseEntity.noContent()
                .header(TusHeaders.UPLOAD_OFFSET, Long.toString(offset))
                .header(TusHeaders.UPLOAD_EXPIRES, TusHeaders.expires(session.expiresAt()))
                .build();
    }

    static Map<String, String> discovery(UploadSession session) {
        return Map.of(
                "Tus-Version", TusHeaders.VERSION,
                "Tus-Extension", TusHeaders.EXTENSIONS,
                "Tus-Max-Size", Long.toString(session.maxBytes()));
    }
}
