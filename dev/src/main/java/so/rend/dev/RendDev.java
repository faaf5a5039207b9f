package so.rend.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import so.rend.api.ApiApplication;
import so.rend.edge.EdgeApplication;
import so.rend.embedded.EmbeddedObjectStoreServer;
import so.rend.embedded.EmbeddedPostgresServer;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.ObjectStoreConfig;
import so.rend.worker.WorkerApplication;

/**
 * The embedded all-in-one Rend: a real PostgreSQL and a real S3-compatible store (S3Proxy on disk)
 * on loopback, and the Rend services in this one process. Nothing to install, nothing external.
 */
public final class RendDev implements AutoCloseable {

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedObjectStoreServer s3;
    private final ConfigurableApplicationContext api;
    private final ConfigurableApplicationContext edge;
    private final ConfigurableApplicationContext worker;
    private final URI apiUrl;
    private final URI edgeUrl;
    private final URI apiInternalUrl;
    private final URI edgeInternalUrl;

    private RendDev(
            EmbeddedPostgresServer postgres,
            EmbeddedObjectStoreServer s3,
            ConfigurableApplicationContext api,
            ConfigurableApplicationContext edge,
            ConfigurableApplicationContext worker,
            Ports ports) {
        this.postgres = postgres;
        this.s3 = s3;
        this.api = api;
        this.edge = edge;
        this.worker = worker;
        this.apiUrl =
                URI.create(
                        "http://127.0.0.1:"
                                + ((WebServerApplicationContext) api).getWebServer().getPort());
        this.edgeUrl =
                URI.create(
                        "http://127.0.0.1:"
                                + ((WebServerApplicationContext) edge).getWebServer().getPort());
        this.apiInternalUrl = URI.create(ports.url(ports.apiInternal()));
        this.edgeInternalUrl = URI.create(ports.url(ports.edgeInternal()));
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.exit(BundledTools.run(args));
        }
        DevSettings settings = DevSettings.fromEnvironment(System.getenv());
        RendDev rend = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(rend::close, "rend-dev-shutdown"));
        System.out.println(rend.banner(settings));
    }

    public static RendDev start(DevSettings settings) {
        EmbeddedPostgresServer postgres =
                EmbeddedPostgresServer.start(
                        settings.dataDirectory().resolve("postgres"), settings.postgresPort());
        EmbeddedObjectStoreServer s3 = null;
        try {
            s3 =
                    EmbeddedObjectStoreServer.start(
                            settings.dataDirectory().resolve("objects"), settings.s3Port());
            createBucket(s3);
            return startServices(settings, postgres, s3);
        } catch (RuntimeException e) {
            if (s3 != null) {
                s3.close();
            }
            postgres.close();
            throw e;
        }
    }

    private static void createBucket(EmbeddedObjectStoreServer s3) {
        try (ObjectStore store =
                ObjectStore.create(
                        new ObjectStoreConfig(
                                s3.endpoint(),
                                EmbeddedObjectStoreServer.REGION,
                                DevSettings.BUCKET,
                                EmbeddedObjectStoreServer.ACCESS_KEY_ID,
                                EmbeddedObjectStoreServer.SECRET_ACCESS_KEY,
                                true,
                                ObjectStoreConfig.DEFAULT_PART_BYTES))) {
            store.createBucketIfMissing().block();
        }
    }

    /** Where each listener is: fixed before anything starts, since the services name each other. */
    record Ports(int api, int apiInternal, int edge, int edgeInternal) {

        static Ports choose(DevSettings settings) {
            return new Ports(
                    orFree(settings.apiPort()),
                    orFree(settings.apiInternalPort()),
                    orFree(settings.edgePort()),
                    orFree(settings.edgeInternalPort()));
        }

        String url(int port) {
            return "http://127.0.0.1:" + port;
        }

        private static int orFree(int port) {
            return port == 0 ? freePort() : port;
        }
    }

    /** API, then edge, then worker; a failure closes what already started. */
    private static RendDev startServices(
            DevSettings settings, EmbeddedPostgresServer postgres, EmbeddedObjectStoreServer s3) {
        Map<String, Object> shared = sharedProperties(postgres, s3);
        Ports ports = Ports.choose(settings);
        ConfigurableApplicationContext api =
                ApiApplication.builder().properties(apiProperties(shared, settings, ports)).run();
        try {
            ConfigurableApplicationContext edge =
                    EdgeApplication.builder()
                            .properties(edgeProperties(shared, settings, ports))
                            .run();
            try {
                ConfigurableApplicationContext worker =
                        WorkerApplication.builder()
                                .properties(workerProperties(shared, settings))
                                .run();
                return new RendDev(postgres, s3, api, edge, worker, ports);
            } catch (RuntimeException e) {
                edge.close();
                throw e;
            }
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    private static Map<String, Object> sharedProperties(
            EmbeddedPostgresServer postgres, EmbeddedObjectStoreServer s3) {
        Map<String, Object> shared = new HashMap<>();
        shared.put("REND_DATABASE_URL", postgres.url());
        shared.put("REND_S3_ENDPOINT", s3.endpoint().toString());
        shared.put("REND_S3_BUCKET", DevSettings.BUCKET);
        shared.put("REND_S3_REGION", EmbeddedObjectStoreServer.REGION);
        shared.put("REND_S3_ACCESS_KEY_ID", EmbeddedObjectStoreServer.ACCESS_KEY_ID);
        shared.put("REND_S3_SECRET_ACCESS_KEY", EmbeddedObjectStoreServer.SECRET_ACCESS_KEY);
        shared.put("REND_S3_FORCE_PATH_STYLE", "true");
        shared.put("logging.level.org.gaul", "warn");
        shared.put("REND_INTERNAL_TOKEN", DevSettings.INTERNAL_TOKEN);
        shared.put("REND_PLAYBACK_SIGNING_KEY_ID", DevSettings.PLAYBACK_KEY_ID);
        shared.put("REND_PLAYBACK_SIGNING_SECRET", DevSettings.PLAYBACK_SECRET);
        return shared;
    }

    private static Map<String, Object> apiProperties(
            Map<String, Object> shared, DevSettings settings, Ports ports) {
        Map<String, Object> properties = new HashMap<>(shared);
        properties.put("REND_API_HOST", "127.0.0.1");
        properties.put("REND_API_PORT", Integer.toString(ports.api()));
        properties.put("REND_API_INTERNAL_HOST", "127.0.0.1");
        properties.put("REND_API_INTERNAL_PORT", Integer.toString(ports.apiInternal()));
        properties.put("REND_DEV_MODE", "true");
        properties.put("REND_DEV_API_KEY", settings.devApiKey());
        properties.put("REND_PLAYBACK_BASE_URL", ports.url(ports.edge()));
        return properties;
    }

    private static Map<String, Object> edgeProperties(
            Map<String, Object> shared, DevSettings settings, Ports ports) {
        Map<String, Object> properties = new HashMap<>(shared);
        properties.put("REND_EDGE_HOST", "127.0.0.1");
        properties.put("REND_EDGE_PORT", Integer.toString(ports.edge()));
        properties.put("REND_EDGE_INTERNAL_HOST", "127.0.0.1");
        properties.put("REND_EDGE_INTERNAL_PORT", Integer.toString(ports.edgeInternal()));
        properties.put("REND_EDGE_ID", "edge-embedded");
        properties.put("REND_EDGE_REGION", "local");
        properties.put("REND_EDGE_PUBLIC_URL", ports.url(ports.edge()));
        properties.put("REND_EDGE_INTERNAL_URL", ports.url(ports.edgeInternal()));
        properties.put(
                "REND_EDGE_CACHE_DIR", settings.dataDirectory().resolve("edge-cache").toString());
        properties.put("REND_CONTROL_PLANE_URL", ports.url(ports.apiInternal()));
        return properties;
    }

    private static Map<String, Object> workerProperties(
            Map<String, Object> shared, DevSettings settings) {
        Map<String, Object> properties = new HashMap<>(shared);
        properties.put("REND_WORKER_PORT", Integer.toString(settings.workerPort()));
        properties.put(
                "REND_WORKER_WORK_DIR", settings.dataDirectory().resolve("worker-tmp").toString());
        properties.put("server.address", "127.0.0.1");
        return properties;
    }

    public URI apiUrl() {
        return apiUrl;
    }

    public URI edgeUrl() {
        return edgeUrl;
    }

    /** The API's internal listener (edge registry, heartbeats, metrics). */
    public URI apiInternalUrl() {
        return apiInternalUrl;
    }

    /** The edge's internal listener (warm, purge, metrics). */
    public URI edgeInternalUrl() {
        return edgeInternalUrl;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String banner(DevSettings settings) {
        return """

                Rend is running (embedded mode; data in %s)
                  API        %s        (health: %s/healthz, ready: %s/readyz)
                  Edge       %s        (signed playback URLs)
                  Internal   API %s, edge %s  (registry, warm, purge, /metrics;
                             token dev-internal-token)
                  Worker     running in this process (ffmpeg: REND_FFMPEG_PATH or the bundled build)
                  Postgres   %s
                  S3         %s  bucket %s  (access key %s)
                  API key    %s

                Upload a video:
                  curl -s -X POST %s/v1/videos -H 'authorization: Bearer %s' -H 'content-type: video/mp4' --data-binary @your-video.mp4

                Ctrl-C stops Rend; the data stays for the next start.
                """
                .formatted(
                        settings.dataDirectory(),
                        apiUrl,
                        apiUrl,
                        apiUrl,
                        edgeUrl,
                        apiInternalUrl,
                        edgeInternalUrl,
                        postgres.url().replaceFirst(":[^:@/]+@", ":***@"),
                        s3.endpoint(),
                        DevSettings.BUCKET,
                        EmbeddedObjectStoreServer.ACCESS_KEY_ID,
                        shownKey(settings),
                        apiUrl,
                        shownKey(settings));
    }

    /** The default dev key is public; a key the user chose stays out of the console. */
    private static String shownKey(DevSettings settings) {
        return settings.devApiKey().equals(DevSettings.DEFAULT_DEV_API_KEY)
                ? settings.devApiKey()
                : "$REND_DEV_API_KEY";
    }

    @Override
    public void close() {
        worker.close();
        edge.close();
        api.close();
        s3.close();
        postgres.close();
    }
}
