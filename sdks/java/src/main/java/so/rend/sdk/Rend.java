package so.rend.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import so.rend.sdk.generated.ApiClient;
import so.rend.sdk.generated.ApiException;
import so.rend.sdk.generated.api.AssetsApi;
import so.rend.sdk.generated.api.PlaybackApi;
import so.rend.sdk.generated.model.Asset;
import so.rend.sdk.generated.model.AssetPage;
import so.rend.sdk.generated.model.Deletion;
import so.rend.sdk.generated.model.Event;
import so.rend.sdk.generated.model.EventPage;
import so.rend.sdk.generated.model.PlayableState;
import so.rend.sdk.generated.model.PlaybackBootstrap;
import so.rend.sdk.generated.model.Upload;

/**
 * A Rend API client: the generated client ({@code so.rend.sdk.generated}) with what generation
 * cannot serve — uploads streamed from disk, the event stream with {@code Last-Event-ID} resume,
 * pagination iterators, retries honouring {@code Retry-After}, typed errors ({@link RendException})
 * and {@link #waitUntilPlayable}.
 */
public final class Rend {
    private final URI baseUrl;
    private final String apiKey;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final HttpClient http;
    private final ApiClient apiClient;
    private final AssetsApi assets;
    private final PlaybackApi playback;

    private Rend(URI baseUrl, String apiKey, RetryPolicy retry, Duration timeout) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.retry = retry;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        this.http = builder.build();
        this.apiClient = new ApiClient(builder, ApiClient.createDefaultObjectMapper(), baseUrl.toString());
        apiClient.setReadTimeout(timeout);
        apiClient.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + apiKey));
        this.assets = new AssetsApi(apiClient);
        this.playback = new PlaybackApi(apiClient);
    }

    /** A client for {@code REND_API_URL} with {@code REND_API_KEY}. */
    public static Rend fromEnvironment() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Rend}; base URL and key default to {@code REND_API_URL} and {@code REND_API_KEY}. */
    public static final class Builder {
        private String baseUrl = System.getenv("REND_API_URL");
        private String apiKey = System.getenv("REND_API_KEY");
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Duration timeout = Duration.ofSeconds(60);

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder retryPolicy(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        /** Bounds waiting for each answer (not the upload of a body, nor the event stream). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Rend build() {
            if (baseUrl == null || baseUrl.isBlank() || apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("Rend needs a base URL and an API key (or REND_API_URL and REND_API_KEY)");
            }
            return new Rend(URI.create(baseUrl.replaceAll("/+$", "")), apiKey, retry, timeout);
        }
    }

    /** The generated client, with the key set, for operations this class does not wrap. */
    public ApiClient apiClient() {
        return apiClient;
    }

    ObjectMapper mapper() {
        return apiClient.getObjectMapper();
    }

    // -- generated operations, with retries and typed errors ---------------------------------------

    private <T> T call(Callable<T> operation) {
        for (int attempt = 0; ; attempt++) {
            try {
                return operation.call();
            } catch (ApiException e) {
                // code 0: the connection broke (the generated client wraps the IOException)
                boolean retriable = e.getCode() == 0 || RetryPolicy.retriesStatus(e.getCode());
                Optional<java.time.Duration> hinted = RendException.retryAfter(e.getResponseHeaders());
                if (!retriable || attempt >= retry.maxRetries()) {
                    if (e.getCode() == 0) {
                        throw new RendException(0, "connection_failed", String.valueOf(e.getCause()), null);
                    }
                    throw RendException.from(e.getCode(), e.getResponseHeaders(), e.getResponseBody(), mapper());
                }
                RetryPolicy.sleep(retry.delay(attempt, hinted));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public Asset getAsset(UUID assetId) {
        return call(() -> assets.getAsset(assetId));
    }

    /** One page; {@code limit} and {@code cursor} may be null. */
    public AssetPage listAssets(Integer limit, String cursor) {
        return call(() -> assets.listAssets(limit, cursor, null, null, null, null, null));
    }

    /** Every asset of the account, newest first, fetched a page of {@code pageSize} at a time. */
    public Iterable<Asset> assets(int pageSize) {
        return () -> pages(cursor -> {
            AssetPage page = listAssets(pageSize, cursor);
            String next = page.getNextCursor();
            return new Page<>(page.getData(), next == null || next.isEmpty() ? null : next);
        });
    }

    public EventPage listAssetEvents(UUID assetId, long afterSequence, Integer limit) {
        return call(() -> assets.listAssetEvents(assetId, afterSequence, limit));
    }

    /** The asset's events so far, in sequence order, fetched a page at a time. */
    public Iterable<Event> assetEvents(UUID assetId, int pageSize) {
        return () -> pages(after -> {
            EventPage page = listAssetEvents(assetId, after == null ? 0 : Long.parseLong(after), pageSize);
            return new Page<>(page.getData(), page.getData().isEmpty() ? null : String.valueOf(page.getNextAfterSequence()));
        });
    }

    public PlaybackBootstrap getPlayback(UUID assetId) {
        return call(() -> playback.getPlayback(assetId));
    }

    public Deletion deleteAsset(UUID assetId) {
        return call(() -> assets.deleteAsset(assetId));
    }

    // -- hand-written: what generation cannot serve ------------------------------------------------

    /**
     * Uploads the video at {@code file} ({@code POST /v1/videos}), streamed from disk with its
     * Content-Length: the file is never held in memory. Sent again on 429/5xx or a broken connection.
     */
    public Upload upload(Path file, String contentType) {
        return upload(() -> {
            try {
                return HttpRequest.BodyPublishers.ofFile(file);
            } catch (java.io.FileNotFoundException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, contentType, true);
    }

    /**
     * Uploads a video read from {@code body}, streamed as it is read; {@code size} &lt; 0 means
     * unknown (chunked transfer encoding). A stream cannot be sent twice, so it is not retried.
     */
    public Upload upload(InputStream body, long size, String contentType) {
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> body);
        HttpRequest.BodyPublisher publisher = size < 0 ? stream : HttpRequest.BodyPublishers.fromPublisher(stream, size);
        return upload(() -> publisher, contentType, false);
    }

    private Upload upload(Supplier<HttpRequest.BodyPublisher> body, String contentType, boolean replayable) {
        for (int attempt = 0; ; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/v1/videos"))
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", contentType == null ? "video/mp4" : contentType)
                    .POST(body.get())
                    .build();
            RendException failure;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201) {
                    return mapper().readValue(response.body(), Upload.class);
                }
                failure = RendException.from(response.statusCode(), response.headers(), response.body(), mapper());
            } catch (IOException e) {
                failure = new RendException(0, "connection_failed", String.valueOf(e), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            boolean retriable = failure.status() == 0 || RetryPolicy.retriesStatus(failure.status());
            if (!replayable || !retriable || attempt >= retry.maxRetries()) {
                throw failure;
            }
            RetryPolicy.sleep(retry.delay(attempt, failure.retryAfter()));
        }
    }

    /**
     * Subscribes to {@code GET /v1/events}: one asset's events or the account's ({@code assetId}
     * null), replayed from {@code afterSequence} (null: only new events) or {@code lastEventId}
     * (wins). Reconnects by itself with {@code Last-Event-ID}.
     */
    public EventSubscription events(UUID assetId, Long afterSequence, String lastEventId) {
        StringBuilder query = new StringBuilder();
        if (assetId != null) {
            query.append("&asset_id=").append(assetId);
        }
        if (afterSequence != null) {
            query.append("&after_sequence=").append(afterSequence);
        }
        URI uri = baseUrl.resolve("/v1/events" + (query.length() == 0 ? "" : "?" + query.substring(1)));
        Function<String, HttpRequest> request = last -> {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Accept", "text/event-stream")
                    .timeout(timeout) // until the answer's head; the stream itself runs on
                    .GET();
            if (last != null) {
                builder.header("Last-Event-ID", URLEncoder.encode(last, StandardCharsets.US_ASCII));
            }
            return builder.build();
        };
        return new EventSubscription(this, http, request, retry, lastEventId);
    }

    /** The generated model of a streamed event. */
    public Event parseEvent(ServerEvent event) {
        try {
            return mapper().readValue(event.data(), Event.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("event " + event.sequence() + " is not an Event", e);
        }
    }

    /**
     * Follows the asset's events from the start of its log (so nothing is missed) until it is {@code
     * state} ({@code OPENER_READY} or {@code HLS_READY}) and returns the asset; throws {@link
     * AssetFailedException} if it fails or is deleted first, {@link RendException} with code {@code
     * timeout} after {@code timeout} (checked as events and reconnects come).
     */
    public Asset waitUntilPlayable(UUID assetId, PlayableState state, Duration timeout) {
        Set<String> wanted = switch (state) {
            case HLS_READY -> Set.of("asset.hls_ready");
            case OPENER_READY -> Set.of("asset.opener_ready", "asset.hls_ready");
            default -> throw new IllegalArgumentException("state must be OPENER_READY or HLS_READY, not " + state);
        };
        Instant deadline = Instant.now().plus(timeout);
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rend-wait-until-playable");
            thread.setDaemon(true);
            return thread;
        });
        try (EventSubscription subscription = events(assetId, 0L, null)) {
            timer.schedule(subscription::close, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            while (true) {
                ServerEvent event;
                try {
                    event = subscription.next();
                } catch (IllegalStateException closed) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new RendException(0, "timeout", "asset " + assetId + " not " + state + " after " + timeout, null);
                    }
                    throw closed;
                }
                if (wanted.contains(event.eventType())) {
                    return getAsset(assetId);
                }
                if (event.eventType().equals("asset.deleted")) {
                    throw new AssetFailedException(assetId.toString(), "asset_deleted", "the asset was deleted");
                }
                if (event.eventType().equals("asset.failed")) {
                    Asset asset = getAsset(assetId);
                    if (asset.getFailure() != null) {
                        throw new AssetFailedException(assetId.toString(), asset.getFailure().getCode().getValue(),
                                String.valueOf(asset.getFailure().getMessage()));
                    }
                    throw new AssetFailedException(assetId.toString(), "failed", event.eventType());
                }
            }
        } finally {
            timer.shutdownNow();
        }
    }

    private record Page<T>(List<T> items, String next) {}

    /** Iterates pages: {@code fetch} takes the previous page's {@code next} (null first). */
    private static <T> Iterator<T> pages(Function<String, Page<T>> fetch) {
        return new Iterator<>() {
            private Iterator<T> current = List.<T>of().iterator();
            private String next;
            private boolean started;

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (started && next == null) {
                        return false;
                    }
                    Page<T> page = fetch.apply(next);
                    started = true;
                    current = page.items().iterator();
                    next = page.next();
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
