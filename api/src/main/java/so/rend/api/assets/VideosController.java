package so.rend.api.assets;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetViews.UploadView;
import so.rend.api.assets.UploadService.Uploaded;
import so.rend.api.auth.ApiKeyFilter;
import so.rend.api.auth.ApiKeys;
import so.rend.api.errors.ApiError;
import so.rend.api.idempotency.IdempotencyKey;
import so.rend.api.idempotency.IdempotentCreates;
import so.rend.api.idempotency.RequestFingerprint;
import so.rend.api.ingest.IngestRequest;
import so.rend.api.ingest.UrlIngest;
import so.rend.api.web.SmallBodies;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/videos}: a raw video body ({@link UploadService}) or a JSON body naming a URL to
 * fetch ({@link UrlIngest}), either under an optional {@code Idempotency-Key} ({@link
 * IdempotentCreates}).
 */
@RestController
public class VideosController {

    static final String ROUTE = "POST /v1/videos";

    /** On a keyed create's answer: true when it is the stored answer of an earlier request. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final UploadService uploads;
    private final UrlIngest ingest;
    private final IdempotentCreates creates;
    private final JsonMapper json;

    public VideosController(
            UploadService uploads, UrlIngest ingest, IdempotentCreates creates, JsonMapper json) {
        this.uploads = uploads;
        this.ingest = ingest;
        this.creates = creates;
        this.json = json;
    }

    @PostMapping("/v1/videos")
    Mono<ResponseEntity<?>> create(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        // Checked before a byte of the body is read: refused metadata or keys cost no upload.
        List<String> metadataHeader = headers.get(MetadataPatch.HEADER);
        AssetMetadata metadata = MetadataPatch.fromHeader(metadataHeader).asCreated();
        IdempotencyKey key = IdempotencyKey.fromHeader(headers.get(IdempotencyKey.HEADER));
        UUID account = ApiKeyFilter.account(exchange);
        String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        long declaredLength = headers.getContentLength();
        Flux<DataBuffer> body = exchange.getRequest().getBody();
        RequestFingerprint head =
                RequestFingerprint.head(
                        ROUTE + metadataPart(metadataHeader),
                        contentType == null ? "" : contentType.trim().toLowerCase(Locale.ROOT),
                        declaredLength);
        if (isJson(contentType)) {
            return fromUrl(account, key, metadata, metadataHeader != null, head, body);
        }
        Function<UploadCompletion, Mono<Uploaded>> upload =
                completion ->
                        uploads.upload(
                                account, contentType, declaredLength, metadata, body, completion);
        if (key == null) {
            return upload.apply(UploadCompletion.NONE).map(VideosController::created);
        }
        Mono<RequestFingerprint> whole =
                uploads.digestOnly(body)
                        .map(facts -> head.withBody(facts.length(), facts.sha256()));
        return keyed(account, key, head, whole, upload);
    }

    /**
     * {@code {"input": {"url": …}, "metadata": …}}: read whole (it is small), then fetched like an
     * upload. The metadata comes in the body or in the header, not both.
     */
    private Mono<ResponseEntity<?>> fromUrl(
            UUID account,
            IdempotencyKey key,
            AssetMetadata headerMetadata,
            boolean metadataInHeader,
            RequestFingerprint head,
            Flux<DataBuffer> body) {
        return SmallBodies.read(body, IngestRequest.MAX_BYTES)
                .flatMap(
                        bytes -> {
                            IngestRequest request = IngestRequest.of(bytes);
                            String url = request.url();
                            AssetMetadata metadata =
                                    bodyMetadata(request, metadataInHeader, headerMetadata);
                            Function<UploadCompletion, Mono<Uploaded>> fetch =
                                    completion -> ingest.ingest(account, url, metadata, completion);
                            if (key == null) {
                                return fetch.apply(UploadCompletion.NONE)
                                        .map(VideosController::created);
                            }
                            RequestFingerprint whole =
                                    head.withBody(bytes.length, ApiKeys.sha256Of(bytes));
                            return keyed(account, key, whole, Mono.just(whole), fetch);
                        });
    }

    private static AssetMetadata bodyMetadata(
            IngestRequest request, boolean metadataInHeader, AssetMetadata headerMetadata) {
        if (request.metadata() == null) {
            return headerMetadata;
        }
        if (metadataInHeader) {
            throw ApiError.invalidParameter(
                    "metadata",
                    "send the metadata in the body or in the "
                            + MetadataPatch.HEADER
                            + " header,"
                            + " not both");
        }
        return MetadataPatch.of(request.metadata(), "metadata").asCreated();
    }

    /**
     * A create under a key: the first answer is stored in the create's transaction and replayed.
     */
    private Mono<ResponseEntity<?>> keyed(
            UUID account,
            IdempotencyKey key,
            RequestFingerprint head,
            Mono<RequestFingerprint> whole,
            Function<UploadCompletion, Mono<Uploaded>> create) {
        return creates.create(
                        account,
                        key,
                        head,
                        whole,
                        claim -> {
                            String[] rendered = new String[1];
                            return create.apply(
                                            (uploaded, length, sha256) -> {
                                                rendered[0] =
                                                        json.writeValueAsString(
                                                                UploadView.of(uploaded));
                                                // A JSON create's body is already whole in head.
                                                RequestFingerprint done =
                                                        head.sha256() != null
                                                                ? head
                                                                : head.withBody(length, sha256);
                                                return claim.complete(
                                                        done,
                                                        uploaded.asset().id(),
                                                        HttpStatus.CREATED.value(),
                                                        rendered[0]);
                                            })
                                    .map(
                                            uploaded ->
                                                    new IdempotentCreates.Answer(
                                                            HttpStatus.CREATED.value(),
                                                            rendered[0],
                                                            uploaded.asset().id(),
                                                            false));
                        })
                .map(VideosController::answer);
    }

    private static boolean isJson(String contentType) {
        try {
            return contentType != null
                    && MediaType.APPLICATION_JSON.isCompatibleWith(
                            MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The route part of a fingerprint: the metadata header is part of "the same request". */
    private static String metadataPart(List<String> metadataHeader) {
        if (metadataHeader == null || metadataHeader.isEmpty()) {
            return "";
        }
        return " x-rend-metadata:"
                + HexFormat.of().formatHex(ApiKeys.sha256(String.join("\n", metadataHeader)));
    }

    private static ResponseEntity<?> created(Uploaded uploaded) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/v1/assets/" + uploaded.asset().id())
                .body(UploadView.of(uploaded));
    }

    /** A keyed create's answer, first or replayed: the stored JSON, byte for byte. */
    private static ResponseEntity<?> answer(IdempotentCreates.Answer answer) {
        return ResponseEntity.status(answer.status())
                .header(HttpHeaders.LOCATION, "/v1/assets/" + answer.assetId())
                .header(REPLAYED_HEADER, Boolean.toString(answer.replayed()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(answer.body());
    }
}
