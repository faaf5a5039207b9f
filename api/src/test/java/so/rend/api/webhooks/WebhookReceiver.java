package so.rend.api.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;
import so.rend.api.ApiTestEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * A webhook receiver on loopback (the JDK's HTTP server): records every request it gets, with the
 * answer it gave, and answers with the status {@code answer} picks for it.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    record Received(
            byte[] body, String signature, String path, long atNanos, int answered, JsonNode json) {

        UUID eventId() {
            return UUID.fromString(json.path("event_id").asString());
        }

        long sequence() {
            return json.path("sequence").asLong();
        }

        String eventType() {
            return json.path("event_type").asString();
        }

        UUID assetId() {
            return UUID.fromString(json.path("asset_id").asString());
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<String> answer = path -> 200;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext(
                "/",
                exchange -> {
                    byte[] body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    JsonNode json = ApiTestEnvironment.JSON.readTree(body);
                    int status = answer.applyAsInt(exchange.getRequestURI().getPath());
                    received.add(
                            new Received(
                                    body,
                                    exchange.getRequestHeaders().getFirst("rend-signature"),
                                    exchange.getRequestURI().getPath(),
                                    System.nanoTime(),
                                    status,
                                    json));
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers by request path. */
    void answer(ToIntFunction<String> answer) {
        this.answer = answer;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> receivedAt(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
