package so.rend.edge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import so.rend.embedded.EmbeddedObjectStoreServer;
import so.rend.internalhttp.InternalListener;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.ObjectStoreConfig;
import so.rend.playback.PlaybackKey;
import so.rend.playback.PlaybackPath;
import so.rend.playback.PlaybackTokens;

/**
 * A real S3 wire-protocol server (S3Proxy) as origin, a counting proxy before it, and edges started
 * against it.
 */
final class EdgeTestEnvironment implements AutoCloseable {

    static final String BUCKET = "edge-origin";
    static final String BACKUP_BUCKET = "edge-backup";
    static final String INTERNAL_TOKEN = "test-internal-token";
    static final PlaybackKey KEY = PlaybackKey.of("test-key", "test-playback-secret-0123456789");
    static final PlaybackTokens ISSUER = new PlaybackTokens(KEY, List.of(), Clock.systemUTC());

    private final EmbeddedObjectStoreServer s3 = EmbeddedObjectStoreServer.startTemporary();
    final ObjectStore origin = store(BUCKET);
    final ObjectStore backup = store(BACKUP_BUCKET);
    final OriginProxy proxy;

    EdgeTestEnvironment() throws IOException {
        origin.createBucketIfMissing().block();
        backup.createBucketIfMissing().block();
        proxy = new OriginProxy(s3.endpoint());
    }

    /** The constructor for a static field (closed with {@code @AutoClose}). */
    static EdgeTestEnvironment create() {
        try {
            return new EdgeTestEnvironment();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ObjectStore store(String bucket) {
        return ObjectStore.create(
                new ObjectStoreConfig(
                        s3.endpoint(),
                        EmbeddedObjectStoreServer.REGION,
                        bucket,
                        EmbeddedObjectStoreServer.ACCESS_KEY_ID,
                        EmbeddedObjectStoreServer.SECRET_ACCESS_KEY,
                        true,
                        ObjectStoreConfig.DEFAULT_PART_BYTES));
    }

    /** Puts an artifact at the origin and returns its bytes. */
    byte[] publish(UUID asset, String artifact, int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(size ^ asset.hashCode() ^ artifact.hashCode()).nextBytes(bytes);
        origin.putBytes("videos/" + asset + "/" + artifact, "application/octet-stream", bytes)
                .block();
        return bytes;
    }

    RunningEdge start(Path cacheDir, Map<String, String> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("REND_EDGE_HOST", "127.0.0.1");
        properties.put("REND_EDGE_PORT", "0");
        properties.put("REND_EDGE_INTERNAL_HOST", "127.0.0.1");
        properties.put("REND_EDGE_INTERNAL_PORT", "0");
        properties.put("REND_EDGE_CACHE_DIR", cacheDir.toString());
        properties.put("REND_INTERNAL_TOKEN", INTERNAL_TOKEN);
        properties.put("REND_PLAYBACK_SIGNING_KEY_ID", KEY.id());
        properties.put("REND_PLAYBACK_SIGNING_SECRET", "test-playback-secret-0123456789");
        properties.put("REND_S3_ENDPOINT", proxy.endpoint().toString());
        properties.put("REND_S3_BUCKET", BUCKET);
        properties.put("REND_S3_ACCESS_KEY_ID", EmbeddedObjectStoreServer.ACCESS_KEY_ID);
        properties.put("REND_S3_SECRET_ACCESS_KEY", EmbeddedObjectStoreServer.SECRET_ACCESS_KEY);
        properties.put("REND_EDGE_BACKUP_S3_ENDPOINT", s3.endpoint().toString());
        properties.put(
                "REND_EDGE_BACKUP_S3_ACCESS_KEY_ID", EmbeddedObjectStoreServer.ACCESS_KEY_ID);
        properties.put(
                "REND_EDGE_BACKUP_S3_SECRET_ACCESS_KEY",
                EmbeddedObjectStoreServer.SECRET_ACCESS_KEY);
        properties.put("REND_EDGE_ORIGIN_TIMEOUT_MS", "3000");
        properties.putAll(overrides);
        ConfigurableApplicationContext context =
                so.rend.edge.EdgeApplication.builder().properties(properties).run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        // A client per edge: a pooled connection to an earlier edge on a reused port must not be
        // picked up.
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        int internalPort = context.getBean(InternalListener.class).port();
        String scheme = overrides.containsKey("REND_EDGE_TLS_CERT_FILE") ? "https" : "http";
        return new RunningEdge(
                context,
                URI.create(scheme + "://127.0.0.1:" + port),
                URI.create("http://127.0.0.1:" + internalPort),
                http);
    }

    static String url(UUID asset, String artifact) {
        return PlaybackPath.of(
                ISSUER.issue(asset, Duration.ofMinutes(10)).token(), asset, artifact);
    }

    /** A token for {@code asset} signed with the edge's key that expired an hour ago. */
    static String expiredToken(UUID asset) {
        return new PlaybackTokens(
                        KEY,
                        List.of(),
                        Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC))
                .issue(asset, Duration.ofMinutes(5))
                .token();
    }

    @Override
    public void close() {
        proxy.close();
        origin.close();
        backup.close();
        s3.close();
    }

    /** A running edge: {@code baseUrl} is the viewers' listener, {@code internalUrl} the other. */
    record RunningEdge(
            ConfigurableApplicationContext context, URI baseUrl, URI internalUrl, HttpClient http)
            implements AutoCloseable {

        HttpResponse<byte[]> get(String path, String... headers) {
            return get(baseUrl, path, headers);
        }

        /** A GET on the internal listener. */
        HttpResponse<byte[]> internalGet(String path, String... headers) {
            return get(internalUrl, path, headers);
        }

        private HttpResponse<byte[]> get(URI base, String path, String... headers) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return send(request.GET().build());
        }

        /** A POST to the internal listener (warm and purge live there). */
        HttpResponse<byte[]> post(String path, String json, boolean withToken) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(internalUrl.resolve(path))
                            .timeout(Duration.ofSeconds(60))
                            .header("content-type", "application/json");
            if (withToken) {
                request.header("x-rend-internal-token", INTERNAL_TOKEN);
            }
            return send(request.POST(HttpRequest.BodyPublishers.ofString(json)).build());
        }

        HttpResponse<byte[]> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.net.http.HttpTimeoutException e) {
                // A hung request is a bug: leave the threads' stacks for whoever reads the report.
                Thread.getAllStackTraces()
                        .forEach(
                                (thread, stack) -> {
                                    System.err.println(
                                            "THREAD " + thread.getName() + " " + thread.getState());
                                    for (StackTraceElement frame : stack) {
                                        System.err.println("    at " + frame);
                                    }
                                });
                throw new IllegalStateException(
                        request.method() + " " + request.uri().getRawPath() + " timed out", e);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
