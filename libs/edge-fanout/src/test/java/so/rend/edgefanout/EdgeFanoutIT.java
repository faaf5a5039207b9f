package so.rend.edgefanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import io.r2dbc.spi.ConnectionFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import so.rend.database.DatabaseUrl;
import so.rend.database.PostgresPool;
import so.rend.edgeprotocol.CallbackTargets;
import so.rend.embedded.EmbeddedPostgresServer;
import so.rend.migrations.RendSchema;

/** Fan-out against a real PostgreSQL edge registry and real HTTP receivers on loopback. */
class EdgeFanoutIT {

    private static EmbeddedPostgresServer postgres;
    private static ConnectionFactory db;
    private static HttpServer receiver;
    private static final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgresServer.startTemporary();
        DatabaseUrl url = DatabaseUrl.parse(postgres.url());
        RendSchema.migrate(url.jdbcUrl(), url.user(), url.password());
        db = PostgresPool.connectionFactory(url, "fanout-test");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext(
                "/",
                exchange -> {
                    String body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8);
                    calls.add(
                            exchange.getRequestURI().getPath()
                                    + " "
                                    + exchange.getRequestHeaders().getFirst("x-rend-internal-token")
                                    + " "
                                    + body);
                    exchange.sendResponseHeaders(
                            exchange.getRequestURI().getPath().startsWith("/broken") ? 500 : 200,
                            -1);
                    exchange.close();
                });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        postgres.close();
    }

    @Test
    void warmsEveryHealthyEdgeAndSkipsStaleOnes() {
        calls.clear();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        execute("DELETE FROM rend.edge_nodes");
        execute(
                "INSERT INTO rend.edge_nodes (id, region, public_url, internal_url) VALUES "
                        + "('edge-a', 'us-east', 'http://a', '"
                        + base
                        + "/a'), ('edge-b', 'london', 'http://b', '"
                        + base
                        + "/b/')");
        execute(
                "INSERT INTO rend.edge_nodes (id, region, public_url, internal_url, last_heartbeat_at) VALUES "
                        + "('edge-stale', 'us-east', 'http://s', '"
                        + base
                        + "/stale', now() - interval '10 minutes')");
        EdgeFanout fanout =
                new EdgeFanout(
                        db,
                        "secret-token",
                        CallbackTargets.parse(""),
                        Duration.ofSeconds(30),
                        null,
                        null);
        UUID asset = UUID.randomUUID();

        List<EdgeFanout.EdgeResult> results =
                fanout.warm(asset, List.of("opener.mp4", "hls/master.m3u8")).block();

        assertThat(results)
                .extracting(EdgeFanout.EdgeResult::edgeId)
                .containsExactlyInAnyOrder("edge-a", "edge-b");
        assertThat(results).allMatch(EdgeFanout.EdgeResult::ok);
        assertThat(calls)
                .containsExactlyInAnyOrder(
                        "/a/internal/warm secret-token {\"asset_id\":\""
                                + asset
                                + "\",\"artifact_paths\":[\"opener.mp4\",\"hls/master.m3u8\"]}",
                        "/b/internal/warm secret-token {\"asset_id\":\""
                                + asset
                                + "\",\"artifact_paths\":[\"opener.mp4\",\"hls/master.m3u8\"]}");
    }

    @Test
    void usesTheFallbackUrlOnlyWhenNoEdgeIsRegistered() {
        calls.clear();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        execute("DELETE FROM rend.edge_nodes");
        EdgeFanout fanout =
                new EdgeFanout(
                        db,
                        "t",
                        CallbackTargets.parse(""),
                        Duration.ofSeconds(30),
                        base + "/fallback-warm",
                        base + "/fallback-purge");
        UUID asset = UUID.randomUUID();

        List<EdgeFanout.EdgeResult> results = fanout.purge(asset, List.of()).block();

        assertThat(results).extracting(EdgeFanout.EdgeResult::edgeId).containsExactly("fallback");
        assertThat(calls)
                .containsExactly(
                        "/fallback-purge t {\"asset_id\":\"" + asset + "\",\"artifact_paths\":[]}");
    }

    @Test
    void reportsEdgesThatFailOrCannotBeReachedWithoutFailingTheOthers() {
        calls.clear();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        execute("DELETE FROM rend.edge_nodes");
        execute(
                "INSERT INTO rend.edge_nodes (id, region, public_url, internal_url) VALUES "
                        + "('ok', 'r', 'http://x', '"
                        + base
                        + "/ok'), ('broken', 'r', 'http://x', '"
                        + base
                        + "/broken'),"
                        + "('gone', 'r', 'http://x', 'http://127.0.0.1:1')");

        List<EdgeFanout.EdgeResult> results =
                new EdgeFanout(
                                db,
                                "t",
                                CallbackTargets.parse(""),
                                Duration.ofSeconds(30),
                                null,
                                null)
                        .purge(UUID.randomUUID(), List.of("opener.mp4"))
                        .block();

        assertThat(results)
                .containsExactlyInAnyOrder(
                        new EdgeFanout.EdgeResult("ok", 200),
                        new EdgeFanout.EdgeResult("broken", 500),
                        new EdgeFanout.EdgeResult("gone", 0));
    }

    @Test
    void neverSendsTheTokenToARegisteredUrlOutsideTheAllowedRanges() {
        calls.clear();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        execute("DELETE FROM rend.edge_nodes");
        execute(
                "INSERT INTO rend.edge_nodes (id, region, public_url, internal_url) VALUES "
                        + "('edge-loopback', 'r', 'http://a', '"
                        + base
                        + "'), ('edge-named', 'r', 'http://b', 'http://localhost:"
                        + receiver.getAddress().getPort()
                        + "')");
        // Loopback is outside this process's allowed ranges, and a host name never counts.
        EdgeFanout fanout =
                new EdgeFanout(
                        db,
                        "secret-token",
                        CallbackTargets.parse("10.0.0.0/8"),
                        Duration.ofSeconds(30),
                        null,
                        null);

        List<EdgeFanout.EdgeResult> results =
                fanout.purge(UUID.randomUUID(), List.of("opener.mp4")).block();

        assertThat(results)
                .extracting(EdgeFanout.EdgeResult::edgeId, EdgeFanout.EdgeResult::status)
                .containsExactlyInAnyOrder(tuple("edge-loopback", 0), tuple("edge-named", 0));
        assertThat(calls).isEmpty();
    }

    private static void execute(String sql) {
        Mono.usingWhen(
                        Mono.from(db.create()),
                        c ->
                                Mono.from(c.createStatement(sql).execute())
                                        .flatMap(r -> Mono.from(r.getRowsUpdated())),
                        c -> c.close())
                .block();
    }
}
