package so.rend.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ControlPlaneRegistryTest {
    @Test
    void readsRendApisRegistrationAnswer() {
        var healthy =
                ControlPlaneRegistry.parse(
                        "{\"edge_id\":\"n1\",\"healthy\":true,\"last_heartbeat_at\":\"2026-11-26T10:00:00Z\"}");
        assertThat(healthy.registered()).isTrue();
        assertThat(healthy.lastHeartbeatAt()).isEqualTo("2026-11-26T10:00:00Z");

        var stale =
                ControlPlaneRegistry.parse(
                        "{\"edge_id\":\"n1\",\"healthy\":false,\"last_heartbeat_at\":\"2026-11-20T10:00:00Z\"}");
        assertThat(stale.registered()).isFalse();
        assertThat(stale.lastHeartbeatAt()).isEqualTo("2026-11-20T10:00:00Z");
    }

    @Test
    void anythingElseIsUnknownNotUnregistered() throws Exception {
        assertThat(ControlPlaneRegistry.parse("<html>proxy error</html>").registered()).isNull();
        assertThat(ControlPlaneRegistry.parse("{\"status\":\"ok\"}").registered()).isNull();

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var unreachable =
                new ControlPlaneRegistry().lookup("http://127.0.0.1:" + closedPort, "token", "n1");
        assertThat(unreachable.registered()).isNull();
        assertThat(unreachable.problem()).startsWith("control plane unreachable");

        var noToken =
                new ControlPlaneRegistry().lookup("http://127.0.0.1:" + closedPort, null, "n1");
        assertThat(noToken.registered()).isNull();
        assertThat(noToken.problem()).contains("no internal token");

        var badUrl = new ControlPlaneRegistry().lookup("http://a b", "token", "n1");
        assertThat(badUrl.registered()).isNull();
    }

    @Test
    void aTokenThatCannotBeSentIsNeverQuoted() {
        var answer =
                new ControlPlaneRegistry()
                        .lookup("http://127.0.0.1:1", "secret-token\nwith-newline", "n1");
        assertThat(answer.registered()).isNull();
        assertThat(answer.problem()).doesNotContain("secret-token");
    }

    /** Only rend-api's own 404 (error code edge_not_registered) means "not registered". */
    @Test
    void onlyRendApisNotRegisteredAnswerMeansNotRegistered() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/internal/edges/",
                exchange -> {
                    byte[] body =
                            (exchange.getRequestURI().getPath().endsWith("/known-to-rend")
                                            ? "{\"error\":{\"code\":\"edge_not_registered\",\"message\":\"no edge with this id has registered\"}}"
                                            : "<html>404 from a proxy</html>")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(404, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(
                            new ControlPlaneRegistry()
                                    .lookup(url, "token", "known-to-rend")
                                    .registered())
                    .isFalse();
            var proxy = new ControlPlaneRegistry().lookup(url, "token", "elsewhere");
            assertThat(proxy.registered()).isNull();
            assertThat(proxy.problem()).contains("HTTP 404 without edge_not_registered");
        } finally {
            server.stop(0);
        }
    }
}
