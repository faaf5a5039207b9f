package so.rend.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import so.rend.api.ApiApplication;
import so.rend.edge.EdgeApplication;
import so.rend.embedded.EmbeddedObjectStoreServer;
import so.rend.worker.WorkerApplication;

/**
 * The embedded all-in-one Rend: a real PostgreSQL and a real S3-compatible store (S3Proxy on disk)
 * on loopback, and the Rend services in this one process. Nothing to install, nothing external.
 */
public final class RendDev implements AutoCloseable {

    private final EmbeddedServers servers;
    private final ConfigurableApplicationContext api;
    private final ConfigurableApplicationContext edge;
    private final ConfigurableApplicationContext worker;
    private final URI apiUrl;
    private final URI edgeUrl;
    private final URI apiInternalUrl;
    private final URI edgeInternalUrl;

    private RendDev(
            EmbeddedServers servers,
            ConfigurableApplicationContext api,
            ConfigurableApplicationContext edge,
            ConfigurableApplicationContext worker,
            Ports ports) {
        this.servers = servers;
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
        DevSettings settings;
        RendDev rend;
        try {
            settings = settings(System.getenv());
            rend = start(settings);
        } catch (StartRefusal refusal) {
            // Something else holds a port or the data folder: one line, not a stack trace.
            System.err.println(refusal.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(rend::close, "rend-dev-shutdown"));
        System.out.println(rend.banner(settings));
    }

    private static DevSettings settings(Map<String, String> environment) {
        try {
            return DevSettings.fromEnvironment(environment);
        } catch (IllegalArgumentException e) {
            throw StartRefusal.badSetting(e.getMessage());
        }
    }

    /**
     * Starts everything, or refuses with a {@link StartRefusal} before anything started when a port
     * or the data folder is taken. What a killed earlier run left in the data folder is not in the
     * way: its PostgreSQL server and its ffmpeg runs are stopped, and this run starts its own.
     */
    public static RendDev start(DevSettings settings) {
        ListenerPorts.refuseTaken(settings);
        EmbeddedServers servers = EmbeddedServers.start(settings);
        try {
            // PostgreSQL's start claimed the data folder: what a killed run left in it is stale.
            LeftoverMediaRuns.stopAndClear(settings.workerScratch());
            return startServices(settings, servers);
        } catch (RuntimeException e) {
            servers.close();
            throw e;
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
    private static RendDev startServices(DevSettings settings, EmbeddedServers servers) {
        Map<String, Object> shared = ServiceProperties.shared(servers, settings.dataDirectory());
        Ports ports = Ports.choose(settings);
        Map<String, Object> apiProperties = ServiceProperties.api(shared, settings, ports);
        ConfigurableApplicationContext api =
                ApiApplication.builder()
                        .properties(apiProperties)
                        .initializers(ServiceProperties.chosenPorts(apiProperties))
                        .run();
        Map<String, Object> edgeProperties = ServiceProperties.edge(shared, settings, ports);
        try {
            ConfigurableApplicationContext edge =
                    EdgeApplication.builder()
                            .properties(edgeProperties)
                            .initializers(ServiceProperties.chosenPorts(edgeProperties))
                            .run();
            try {
                ConfigurableApplicationContext worker =
                        WorkerApplication.builder()
                                .properties(ServiceProperties.worker(shared, settings))
                                .run();
                return new RendDev(servers, api, edge, worker, ports);
            } catch (RuntimeException e) {
                edge.close();
                throw e;
            }
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
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

    /** Where the API's playback bootstraps send viewers: the edge's public URL. */
    String playbackBaseUrl() {
        return api.getEnvironment().getProperty("REND_PLAYBACK_BASE_URL");
    }

    /** The worker's connection to the embedded database, for tests that look at rows. */
    JdbcTemplate database() {
        return worker.getBean(JdbcTemplate.class);
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
                  Analytics  %s
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
                        servers.postgres().url().replaceFirst(":[^:@/]+@", ":***@"),
                        servers.s3().endpoint(),
                        DevSettings.BUCKET,
                        EmbeddedObjectStoreServer.ACCESS_KEY_ID,
                        analytics(settings),
                        shownKey(settings),
                        apiUrl,
                        shownKey(settings));
    }

    private String analytics(DevSettings settings) {
        if (servers.clickhouse().isPresent()) {
            return "ClickHouse "
                    + servers.clickhouse().get().url()
                    + " (this machine's, data here)";
        }
        String external = api.getEnvironment().getProperty("REND_CLICKHOUSE_URL", "");
        return external.isBlank()
                ? "embedded store "
                        + ServiceProperties.analyticsFile(settings.dataDirectory())
                        + " (DuckDB: no clickhouse-server here; or set REND_CLICKHOUSE_URL)"
                : "ClickHouse " + external.replaceFirst("//[^@/]*@", "//***@");
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
        servers.close();
    }
}
