package so.rend.dev;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import so.rend.embedded.EmbeddedObjectStoreServer;
import so.rend.embedded.EmbeddedPostgresServer;

/**
 * The {@code REND_*} values the embedded mode gives each service: the embedded servers' addresses,
 * the fixed dev secrets, and the loopback listeners each service takes.
 */
final class ServiceProperties {

    private ServiceProperties() {}

    /**
     * The listener ports of {@code properties}, ahead of every other source: the embedded mode
     * chose them (a free one where the setting was 0) and named them to the other services (the
     * edge's public URL in playback bootstraps, the control plane its heartbeats go to), so a
     * {@code REND_*_PORT=0} in the environment must not win and bind another.
     */
    static ApplicationContextInitializer<ConfigurableApplicationContext> chosenPorts(
            Map<String, Object> properties) {
        Map<String, Object> ports =
                properties.entrySet().stream()
                        .filter(e -> e.getKey().endsWith("_PORT"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return context ->
                context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("rend-dev-chosen-ports", ports));
    }

    /** The embedded analytics store's file, used when no ClickHouse is. */
    static Path analyticsFile(Path dataDirectory) {
        return dataDirectory.resolve("analytics").resolve("playback.duckdb");
    }

    static Map<String, Object> shared(EmbeddedServers servers, Path dataDirectory) {
        EmbeddedPostgresServer postgres = servers.postgres();
        EmbeddedObjectStoreServer s3 = servers.s3();
        Map<String, Object> shared = new HashMap<>();
        // The API and the edge: analytics and telemetry go to the embedded mode's own ClickHouse,
        // or without one to the embedded DuckDB store (a REND_CLICKHOUSE_URL set by the user wins
        // over it in both).
        servers.clickhouse()
                .ifPresentOrElse(
                        c -> shared.put("REND_CLICKHOUSE_URL", c.url().toString()),
                        () ->
                                shared.put(
                                        "REND_ANALYTICS_DUCKDB",
                                        analyticsFile(dataDirectory).toString()));
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

    static Map<String, Object> api(
            Map<String, Object> shared, DevSettings settings, RendDev.Ports ports) {
        Map<String, Object> properties = new HashMap<>(shared);
        properties.put("REND_API_HOST", "127.0.0.1");
        properties.put("REND_API_PORT", Integer.toString(ports.api()));
        properties.put("REND_API_INTERNAL_HOST", "127.0.0.1");
        properties.put("REND_API_INTERNAL_PORT", Integer.toString(ports.apiInternal()));
        properties.put("REND_DEV_MODE", "true");
        // Webhooks to a receiver on this machine, so they can be tried locally (a REND_* set in
        // the environment wins over this default).
        properties.put("REND_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1,localhost,::1");
        properties.put("REND_DEV_API_KEY", settings.devApiKey());
        properties.put("REND_PLAYBACK_BASE_URL", ports.url(ports.edge()));
        // Players on any page send their QoE beacons to this API.
        properties.put("REND_PLAYBACK_BEACON_URL", ports.url(ports.api()) + "/v1/playback/beacons");
        return properties;
    }

    static Map<String, Object> edge(
            Map<String, Object> shared, DevSettings settings, RendDev.Ports ports) {
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

    static Map<String, Object> worker(Map<String, Object> shared, DevSettings settings) {
        Map<String, Object> properties = new HashMap<>(shared);
        properties.put("REND_WORKER_PORT", Integer.toString(settings.workerPort()));
        properties.put("REND_WORKER_WORK_DIR", settings.workerScratch().toString());
        properties.put("server.address", "127.0.0.1");
        return properties;
    }
}
