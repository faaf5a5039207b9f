package so.rend.edge.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * HTTPS on the viewers' listener when {@code REND_EDGE_TLS_CERT_FILE} and {@code
 * REND_EDGE_TLS_KEY_FILE} name a PEM certificate chain and key: they become Spring Boot's own PEM
 * SSL bundle, {@code server.ssl.bundle} and {@code server.http2.enabled}, so Boot's Netty
 * customizer serves ALPN h2 + http/1.1 and its file watcher hands new connections a renewed
 * certificate without a restart (a Kubernetes Secret volume's {@code ..data} symlink swap counts as
 * a change). The edge holds no TLS code of its own.
 *
 * <p>Why properties added here rather than written in {@code rend-edge.yml}: Boot refuses to start
 * with a bundle whose files are blank, and plain HTTP (the embedded mode) must stay the default.
 * {@code verify-keys} refuses a key that does not match its certificate, so a bad renewal is logged
 * (without key material) and the old certificate keeps serving. The internal listener is a separate
 * server and stays plain HTTP. Under TLS, Reactor Netty writes disk hits as chunked reads instead
 * of sendfile (the bytes must pass through the cipher); RAM hits are unchanged.
 */
public final class EdgeTls
        implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** The Spring Boot SSL bundle that reads the two files. */
    public static final String BUNDLE = "rend-edge-tls";

    private static final String PEM = "spring.ssl.bundle.pem." + BUNDLE + ".";

    /**
     * The Boot settings for the certificate and key files, or none when both are blank (plain
     * HTTP).
     */
    static Map<String, Object> serverSettings(String certFile, String keyFile) {
        boolean cert = certFile != null && !certFile.isBlank();
        boolean key = keyFile != null && !keyFile.isBlank();
        if (cert != key) {
            throw new IllegalArgumentException(
                    "REND_EDGE_TLS_CERT_FILE and REND_EDGE_TLS_KEY_FILE are set together or not at"
                            + " all");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        if (cert) {
            settings.put(PEM + "keystore.certificate", certFile);
            settings.put(PEM + "keystore.private-key", keyFile);
            settings.put(PEM + "keystore.verify-keys", "true");
            settings.put(PEM + "reload-on-update", "true");
            settings.put("server.ssl.bundle", BUNDLE);
            settings.put("server.http2.enabled", "true");
        }
        return settings;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        Map<String, Object> settings =
                serverSettings(
                        environment.getProperty("rend.edge.tls.cert-file"),
                        environment.getProperty("rend.edge.tls.key-file"));
        if (!settings.isEmpty()) {
            // Last: anything set explicitly (spring.ssl.bundle.watch.file.quiet-period, say) wins.
            environment.getPropertySources().addLast(new MapPropertySource(BUNDLE, settings));
        }
    }

    /** After Boot has read {@code rend-edge.yml}, which maps the two variables. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
