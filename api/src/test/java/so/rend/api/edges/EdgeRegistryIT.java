package so.rend.api.edges;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;

/** Edge registration and heartbeats into rend.edge_nodes on a real PostgreSQL. */
class EdgeRegistryIT {

    private static RunningApi api;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void anEdgeRegistersAndEachHeartbeatRefreshesItsRow() throws Exception {
        String beat =
                "{\"edge_id\":\"edge-reg-1\",\"region\":\"london\",\"public_url\":\"https://lon.example\","
                        + "\"internal_url\":\"http://10.0.0.5:4100\",\"version\":\"0.1.0\"}";
        assertThat(post(beat, null).status()).isEqualTo(401);
        assertThat(post(beat, "wrong-token").status()).isEqualTo(401);

        assertThat(post(beat, ApiTestEnvironment.INTERNAL_TOKEN).status()).isEqualTo(200);
        OffsetDateTime first = heartbeat("edge-reg-1");
        Thread.sleep(20);
        assertThat(
                        post(beat.replace("london", "london-2"), ApiTestEnvironment.INTERNAL_TOKEN)
                                .status())
                .isEqualTo(200);

        assertThat(heartbeat("edge-reg-1")).isAfter(first);
        assertThat(
                        api.db()
                                .sql("SELECT region FROM rend.edge_nodes WHERE id = 'edge-reg-1'")
                                .map(row -> row.get(0, String.class))
                                .one()
                                .block())
                .isEqualTo("london-2");
        assertThat(post("{\"edge_id\":\"x\"}", ApiTestEnvironment.INTERNAL_TOKEN).errorCode())
                .isEqualTo("invalid_request");
        // Under the operator an edge's id is its node name, which may be 253 characters long.
        String longestNodeName = "n".repeat(253);
        assertThat(
                        post(
                                        beat.replace("edge-reg-1", longestNodeName),
                                        ApiTestEnvironment.INTERNAL_TOKEN)
                                .status())
                .isEqualTo(200);
        assertThat(
                        post(
                                        beat.replace("edge-reg-1", longestNodeName + "n"),
                                        ApiTestEnvironment.INTERNAL_TOKEN)
                                .errorCode())
                .isEqualTo("invalid_request");
    }

    @Test
    void anEdgeCannotRegisterAnInternalUrlTheTokenMustNotGoTo() {
        for (String url :
                new String[] {
                    "http://169.254.169.254/latest/meta-data",
                    "http://[fe80::1]:4101",
                    "http://8.8.8.8:4101",
                    "http://evil.example.com:4101",
                    "http://localhost:4101",
                    "http://user@10.0.0.5:4101"
                }) {
            String beat =
                    "{\"edge_id\":\"edge-callback\",\"region\":\"r\",\"public_url\":\"https://x.example\","
                            + "\"internal_url\":\""
                            + url
                            + "\"}";
            ApiTestEnvironment.Response refused = post(beat, ApiTestEnvironment.INTERNAL_TOKEN);
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("invalid_request");
        }
        assertThat(api.count("SELECT count(*) FROM rend.edge_nodes WHERE id = 'edge-callback'"))
                .isZero();
    }

    @Test
    void theRegistryListsEdgesWithTheirLastHeartbeatAndWhetherTheyAreHealthy() {
        String beat =
                "{\"edge_id\":\"edge-list-1\",\"region\":\"paris\",\"public_url\":\"https://par.example\","
                        + "\"internal_url\":\"http://10.0.0.6:4100\",\"version\":\"0.1.0\"}";
        assertThat(post(beat, ApiTestEnvironment.INTERNAL_TOKEN).status()).isEqualTo(200);
        api.db()
                .sql(
                        "INSERT INTO rend.edge_nodes (id, region, public_url, internal_url, last_heartbeat_at) VALUES "
                                + "('edge-list-stale', 'paris', 'https://par.example', 'http://10.0.0.7:4100', now() - interval '10 minutes')")
                .then()
                .block();

        ApiTestEnvironment.Response one =
                get("/internal/edges/edge-list-1", ApiTestEnvironment.INTERNAL_TOKEN);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("edge_id").asString()).isEqualTo("edge-list-1");
        assertThat(one.json().path("region").asString()).isEqualTo("paris");
        assertThat(one.json().path("healthy").asBoolean()).isTrue();
        assertThat(Instant.parse(one.json().path("last_heartbeat_at").asString()))
                .isEqualTo(heartbeat("edge-list-1").toInstant());

        ApiTestEnvironment.Response stale =
                get("/internal/edges/edge-list-stale", ApiTestEnvironment.INTERNAL_TOKEN);
        assertThat(stale.json().path("healthy").asBoolean()).isFalse();

        ApiTestEnvironment.Response paris =
                get("/internal/edges?region=paris", ApiTestEnvironment.INTERNAL_TOKEN);
        assertThat(paris.json().path("edges").valueStream().map(e -> e.path("edge_id").asString()))
                .containsExactly("edge-list-1", "edge-list-stale");
        assertThat(
                        get("/internal/edges?region=nowhere", ApiTestEnvironment.INTERNAL_TOKEN)
                                .json()
                                .path("edges")
                                .size())
                .isZero();

        ApiTestEnvironment.Response missing =
                get("/internal/edges/edge-never-seen", ApiTestEnvironment.INTERNAL_TOKEN);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("edge_not_registered");
        assertThat(get("/internal/edges/edge-list-1", null).status()).isEqualTo(401);
        assertThat(get("/internal/edges", "wrong-token").status()).isEqualTo(401);
    }

    private static ApiTestEnvironment.Response get(String path, String token) {
        return api.send(api.internalRequest(path, token).GET().build());
    }

    private static OffsetDateTime heartbeat(String id) {
        return api.db()
                .sql("SELECT last_heartbeat_at FROM rend.edge_nodes WHERE id = :id")
                .bind("id", id)
                .map(row -> row.get(0, OffsetDateTime.class))
                .one()
                .block();
    }

    private static ApiTestEnvironment.Response post(String json, String token) {
        return api.send(
                api.internalRequest("/internal/edges/heartbeat", token)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }
}
