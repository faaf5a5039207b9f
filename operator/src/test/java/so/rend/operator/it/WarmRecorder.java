package so.rend.operator.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the edges' {@code POST /internal/warm}: one HTTP server on all loopback addresses,
 * so an edge "on" 127.0.0.11 is told apart from one on 127.0.0.12 by the address called.
 */
final class WarmRecorder implements AutoCloseable {
    record Warm(String address, String token, String body, long atNanos) {}

    static final long DISK_BYTES = 123456789L;
    static final long RAM_BYTES = 4242L;
    private final HttpServer server;

    /** The edge's internal listener: warm goes there, as to a real edge's. */
    private final HttpServer internal;

    final List<Warm> warms = new CopyOnWriteArrayList<>();

    WarmRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        internal = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        internal.createContext(
                "/internal/warm",
                exchange -> {
                    String body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    java.nio.charset.StandardCharsets.UTF_8);
                    warms.add(
                            new Warm(
                                    exchange.getLocalAddress().getAddress().getHostAddress(),
                                    exchange.getRequestHeaders().getFirst("x-rend-internal-token"),
                                    body,
                                    System.nanoTime()));
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
        // rend-edge's /readyz shape, with the cache usage the RendEdgeNode status reports: the
        // operator reads it from the internal listener (plain HTTP whether or not the viewers'
        // port serves TLS), and the viewers' port answers it too, as a real edge's does.
        com.sun.net.httpserver.HttpHandler readyz =
                exchange -> {
                    byte[] body =
                            ("{\"status\":\"ready\",\"cache\":{\"disk_bytes\":"
                                            + DISK_BYTES
                                            + ",\"disk_files\":3,"
                                            + "\"ram_bytes\":"
                                            + RAM_BYTES
                                            + ",\"fills_in_flight\":0}}")
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("content-type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                };
        server.createContext("/readyz", readyz);
        internal.createContext("/readyz", readyz);
        server.start();
        internal.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<String> addressesWarmed() {
        return warms.stream().map(Warm::address).toList();
    }

    int internalPort() {
        return internal.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        internal.stop(0);
    }
}
