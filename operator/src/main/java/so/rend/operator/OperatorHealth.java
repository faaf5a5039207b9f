package so.rend.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code /healthz}: the process answers. {@code /readyz}: the operator started and every informer
 * is connected to the API server (JOSDK's own health indicators). {@code /metrics}: Prometheus.
 */
public final class OperatorHealth {
    private final HttpServer server;

    private OperatorHealth(HttpServer server) {
        this.server = server;
    }

    public static OperatorHealth start(int port, Operator operator, PrometheusMeterRegistry metrics)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext(
                "/metrics",
                exchange ->
                        answer(
                                exchange,
                                200,
                                metrics.scrape(),
                                "text/plain; version=0.0.4; charset=utf-8"));
        server.createContext(
                "/healthz",
                exchange -> answer(exchange, 200, "{\"status\":\"ok\"}", "application/json"));
        server.createContext(
                "/readyz",
                exchange -> {
                    var runtime = operator.getRuntimeInfo();
                    boolean ready = runtime.isStarted() && runtime.allEventSourcesAreHealthy();
                    answer(
                            exchange,
                            ready ? 200 : 503,
                            ready
                                    ? "{\"status\":\"ready\"}"
                                    : "{\"status\":\"not_ready\",\"started\":"
                                            + runtime.isStarted()
                                            + "}",
                            "application/json");
                });
        server.start();
        return new OperatorHealth(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body, String contentType)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
