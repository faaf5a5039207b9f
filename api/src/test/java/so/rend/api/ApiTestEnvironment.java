package so.rend.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import so.rend.api.auth.ApiKeys;
import so.rend.embedded.EmbeddedObjectStoreServer;
import so.rend.embedded.EmbeddedPostgresServer;
import so.rend.internalhttp.InternalListener;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.ObjectStoreConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real things the API runs on in tests: one embedded PostgreSQL server and one S3Proxy per test
 * JVM, and rend-api instances started on free loopback ports against them.
 */
public final class ApiTestEnvironment {

    public static final String BUCKET = "rend-test";
    public static final String PLAYBACK_KEY_ID = "api-test-key";
    public static final String PLAYBACK_SECRET = "api-test-playback-secret-000000";
    public static final String INTERNAL_TOKEN = "api-test-internal-token";
    public static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Rate limits out of the way of tests of other features (load, fan-out, many uploads on one
     * key); the rate-limit tests set their own. The production defaults are in rend-api.yml.
     */
    public static final Map<String, String> UNLIMITED =
            Map.of(
                    "REND_RATE_LIMIT_CREATES_BURST", "1000000",
                    "REND_RATE_LIMIT_CREATES_PER_SEC", "1000000",
                    "REND_RATE_LIMIT_READS_BURST", "1000000",
                    "REND_RATE_LIMIT_READS_PER_SEC", "1000000",
                    "REND_RATE_LIMIT_PLAYBACK_BURST", "1000000",
                    "REND_RATE_LIMIT_PLAYBACK_PER_SEC", "1000000",
                    "REND_RATE_LIMIT_EVENT_STREAMS_BURST", "1000000",
                    "REND_RATE_LIMIT_EVENT_STREAMS_PER_SEC", "1000000",
                    "REND_MAX_SSE_PER_KEY", "100000");

    private static EmbeddedPostgresServer postgres;
    private static EmbeddedObjectStoreServer s3;
    private static ObjectStore store;

    private ApiTestEnvironment() {}

    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgresServer.startTemporary();
            s3 = EmbeddedObjectStoreServer.startTemporary();
            store =
                    ObjectStore.create(
                            new ObjectStoreConfig(
                                    s3.endpoint(),
                                    EmbeddedObjectStoreServer.REGION,
                                    BUCKET,
                                    EmbeddedObjectStoreServer.ACCESS_KEY_ID,
                                    EmbeddedObjectStoreServer.SECRET_ACCESS_KEY,
                                    true,
                                    ObjectStoreConfig.DEFAULT_PART_BYTES));
            store.createBucketIfMissing().block();
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        store.close();
                                        s3.close();
                                        postgres.close();
                                    }));
        }
        return postgres;
    }

    /** The test's own client of the bucket the API writes to. */
    public static ObjectStore store() {
        postgres();
        return store;
    }

    /** Starts rend-api on a free port; {@code overrides} are REND_* settings. */
    public static RunningApi start(Map<String, String> overrides) {
        postgres();
        Map<String, Object> properties = new HashMap<>();
        properties.put("REND_API_HOST", "127.0.0.1");
        properties.put("REND_API_PORT", "0");
        properties.put("REND_API_INTERNAL_HOST", "127.0.0.1");
        properties.put("REND_API_INTERNAL_PORT", "0");
        properties.put("REND_DATABASE_URL", postgres.url());
        properties.put("REND_S3_ENDPOINT", s3.endpoint().toString());
        properties.put("REND_S3_BUCKET", BUCKET);
        properties.put("REND_S3_ACCESS_KEY_ID", EmbeddedObjectStoreServer.ACCESS_KEY_ID);
        properties.put("REND_S3_SECRET_ACCESS_KEY", EmbeddedObjectStoreServer.SECRET_ACCESS_KEY);
        properties.put("REND_DEV_MODE", "true");
        properties.put("REND_DEV_API_KEY", "dev-api-key");
        properties.put("REND_PLAYBACK_SIGNING_KEY_ID", PLAYBACK_KEY_ID);
        properties.put("REND_PLAYBACK_SIGNING_SECRET", PLAYBACK_SECRET);
        properties.put("REND_PLAYBACK_BASE_URL", "http://edge.test");
        properties.put("REND_INTERNAL_TOKEN", INTERNAL_TOKEN);
        properties.putAll(UNLIMITED);
        properties.putAll(overrides);
        ConfigurableApplicationContext context =
                ApiApplication.builder().properties(properties).run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new RunningApi(context, URI.create("http://127.0.0.1:" + port));
    }

    /** A running rend-api and a few conveniences for talking to it over real HTTP. */
    public record RunningApi(ConfigurableApplicationContext context, URI baseUrl)
            implements AutoCloseable {

        private static final HttpClient HTTP =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();

        public DatabaseClient db() {
            return context.getBean(DatabaseClient.class);
        }

        /** A new account and its API key. */
        public String newAccountKey() {
            return context.getBean(ApiKeys.class)
                    .createAccount("test-" + UUID.randomUUID())
                    .block()
                    .apiKey();
        }

        /** The internal listener (edge registry, heartbeats, metrics). */
        public URI internalUrl() {
            return URI.create("http://127.0.0.1:" + context.getBean(InternalListener.class).port());
        }

        /**
         * A request to the internal listener, with the internal token when {@code token} is set.
         */
        public HttpRequest.Builder internalRequest(String path, String token) {
            HttpRequest.Builder builder =
                    HttpRequest.newBuilder(internalUrl().resolve(path))
                            .timeout(Duration.ofMinutes(1));
            if (token != null) {
                builder.header("x-rend-internal-token", token);
            }
            return builder;
        }

        public HttpRequest.Builder request(String path, String apiKey) {
            HttpRequest.Builder builder =
                    HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(Duration.ofMinutes(5));
            if (apiKey != null) {
                builder.header("authorization", "Bearer " + apiKey);
            }
            return builder;
        }

        public Response send(HttpRequest request) {
            try {
                HttpResponse<String> response =
                        HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                return new Response(response.statusCode(), response.body(), response);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public Response get(String path, String apiKey) {
            return send(request(path, apiKey).GET().build());
        }

        public long count(String sql) {
            return db().sql(sql).map(row -> row.get(0, Long.class)).one().block();
        }

        @Override
        public void close() {
            context.close();
        }
    }

    public record Response(int status, String body, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String errorCode() {
            return json().path("error").path("code").asString();
        }
    }
}
