package so.rend.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.edge.EdgeTestEnvironment.RunningEdge;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * rend-edge over real HTTP: what the framework refuses (an unknown route, a wrong method, a body
 * that is not JSON) answers in the same {@code {"error":{"code","message"}}} shape as the edge's
 * own refusals, on the WebFlux routes and on the Reactor Netty playback route alike.
 */
class EdgeErrorShapeIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EdgeTestEnvironment env;
    private static RunningEdge edge;

    @TempDir static Path cache;

    @BeforeAll
    static void start() throws Exception {
        env = new EdgeTestEnvironment();
        edge = env.start(cache, Map.of());
    }

    @AfterAll
    static void stop() {
        edge.close();
        env.close();
    }

    @Test
    void anUnknownRouteIsA404NotFound() {
        assertShape(edge.get("/no/such/route"), 404, "not_found");
        assertShape(
                edge.internalGet("/internal/no-such-route", "x-rend-internal-token", token()),
                404,
                "not_found");
        // The viewers' listener has no internal route at all.
        assertShape(edge.get("/internal/warm", "x-rend-internal-token", token()), 404, "not_found");
    }

    @Test
    void aWrongMethodOnAnInternalRouteIsA405WithAllow() {
        HttpResponse<byte[]> response =
                edge.internalGet("/internal/warm", "x-rend-internal-token", token());

        assertShape(response, 405, "method_not_allowed");
        assertThat(response.headers().firstValue("allow")).contains("POST");
    }

    @Test
    void aWrongMethodOnAPlaybackRouteIsA405WithAllow() {
        String url = EdgeTestEnvironment.url(UUID.randomUUID(), "opener.mp4");
        HttpResponse<byte[]> response =
                edge.send(HttpRequest.newBuilder(edge.baseUrl().resolve(url)).DELETE().build());

        assertShape(response, 405, "method_not_allowed");
        assertThat(response.headers().firstValue("allow")).contains("GET, HEAD, OPTIONS");
    }

    @Test
    void aBodyThatIsNotJsonIsA400InvalidJsonOnWarmAndPurge() {
        for (String route : new String[] {"/internal/warm", "/internal/purge"}) {
            assertShape(edge.post(route, "{\"asset_id\": ", true), 400, "invalid_json");
            assertShape(edge.post(route, "not json at all", true), 400, "invalid_json");
            assertShape(edge.post(route, "{\"artifact_paths\": 7}", true), 400, "invalid_json");
        }
    }

    @Test
    void theEdgesOwnRefusalsHaveTheSameShape() {
        assertShape(edge.post("/internal/warm", "{}", true), 400, "invalid_request");
        assertShape(
                edge.post(
                        "/internal/purge",
                        "{\"asset_id\":\"" + UUID.randomUUID() + "\",\"revoke_until\":\"soon\"}",
                        true),
                400,
                "invalid_request");
        assertShape(edge.post("/internal/purge", "{}", false), 401, "unauthorized");
        assertShape(
                edge.get(EdgeTestEnvironment.url(UUID.randomUUID(), "secret.txt")),
                404,
                "not_found");
        assertShape(
                edge.get("/p/garbage/" + UUID.randomUUID() + "/opener.mp4"), 403, "token_invalid");
    }

    private static void assertShape(HttpResponse<byte[]> response, int status, String code) {
        String what = response.request().method() + " " + response.request().uri().getPath();
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type"))
                .as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.propertyNames()).as(what).containsExactly("error");
        assertThat(body.path("error").path("code").asString()).as(what).isEqualTo(code);
        assertThat(body.path("error").path("message").asString()).as(what).isNotBlank();
        assertThat(body.path("error").propertyNames()).as(what).containsExactly("code", "message");
    }

    private static String token() {
        return EdgeTestEnvironment.INTERNAL_TOKEN;
    }
}
