package so.rend.api.edges;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
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
        String beat = "{\"edge_id\":\"edge-reg-1\",\"region\":\"london\",\"public_url\":\"https://lon.example\","
                + "\"internal_url\":\"http://10.0.0.5:4100\",\"version\":\"0.1.0\"}";
        assertThat(post(beat, null).status()).isEqualTo(401);
        assertThat(post(beat, "wrong-token").status()).isEqualTo(401);

        assertThat(post(beat, ApiTestEnvironment.INTERNAL_TOKEN).status()).isEqualTo(200);
        OffsetDateTime first = heartbeat("edge-reg-1");
        Thread.sleep(20);
        assertThat(post(beat.replace("london", "london-2"), ApiTestEnvironment.INTERNAL_TOKEN).status()).isEqualTo(200);

        assertThat(heartbeat("edge-reg-1")).isAfter(first);
        assertThat(api.db().sql("SELECT region FROM rend.edge_nodes WHERE id = 'edge-reg-1'")
                .map(row -> row.get(0, String.class)).one().block()).isEqualTo("london-2");
        assertThat(post("{\"edge_id\":\"x\"}", ApiTestEnvironment.INTERNAL_TOKEN).errorCode()).isEqualTo("invalid_request");
    }

    private static OffsetDateTime heartbeat(String id) {
        return api.db().sql("SELECT last_heartbeat_at FROM rend.edge_nodes WHERE id = :id").bind("id", id)
                .map(row -> row.get(0, OffsetDateTime.class)).one().block();
    }

    private static ApiTestEnvironment.Response post(String json, String token) {
        HttpRequest.Builder request = api.request("/internal/edges/heartbeat", null).header("content-type", "application/json");
        if (token != null) {
            request.header("x-rend-internal-token", token);
        }
        return api.send(request.POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
