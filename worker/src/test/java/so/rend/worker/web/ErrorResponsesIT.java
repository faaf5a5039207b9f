package so.rend.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import so.rend.worker.MediaTestbed;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's web server (the whole worker, on embedded PostgreSQL and S3Proxy, on a free loopback
 * port) answers framework fallbacks and unexpected errors in the one error shape. The worker has no
 * route that takes a body, so the test adds one, and one that fails, beside its own.
 */
class ErrorResponsesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static MediaTestbed testbed;
    private static ConfigurableApplicationContext worker;
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * Routes only this test adds (a plain class, so the worker's component scan never finds it).
     */
    static class TestRoutes {

        @Bean
        RouterFunction<ServerResponse> testRoutes() {
            return RouterFunctions.route()
                    .POST(
                            "/test/echo",
                            request ->
                                    request.bodyToMono(Map.class)
                                            .flatMap(
                                                    body ->
                                                            ServerResponse.ok()
                                                                    .contentType(
                                                                            MediaType
                                                                                    .APPLICATION_JSON)
                                                                    .bodyValue(body)))
                    .GET(
                            "/test/boom",
                            request -> {
                                throw new IllegalStateException(
                                        "password=hunter2 at /var/lib/rend/secret");
                            })
                    .build();
        }
    }

    @BeforeAll
    static void start() {
        testbed = new MediaTestbed();
        worker = testbed.startWorker(Map.of("server.address", "127.0.0.1"), TestRoutes.class);
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @Test
    void anUnknownRouteIsNotFoundInTheErrorShape() throws Exception {
        HttpResponse<String> response = send("GET", "/no/such/route", null);

        assertError(response, 404, "not_found");
    }

    @Test
    void aWrongMethodOnAKnownRouteIsMethodNotAllowedWithAllow() throws Exception {
        HttpResponse<String> post = send("POST", "/healthz", "{}");
        HttpResponse<String> delete = send("DELETE", "/metrics", null);

        assertError(post, 405, "method_not_allowed");
        assertThat(post.headers().firstValue("allow")).hasValue("GET");
        assertError(delete, 405, "method_not_allowed");
        assertThat(delete.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void aMalformedJsonBodyIsInvalidJson() throws Exception {
        HttpResponse<String> echoed = send("POST", "/test/echo", "{\"ok\": true}");
        HttpResponse<String> malformed = send("POST", "/test/echo", "{\"ok\": tru");

        assertThat(echoed.statusCode()).isEqualTo(200);
        assertError(malformed, 400, "invalid_json");
    }

    @Test
    void anUnexpectedErrorIsInternalAndLeaksNothing() throws Exception {
        HttpResponse<String> response = send("GET", "/test/boom", null);

        assertError(response, 500, "internal_error");
        assertThat(response.body()).doesNotContain("hunter2", "/var/lib", "IllegalState");
    }

    @Test
    void everythingButTheProbesNeedsTheInternalToken() throws Exception {
        int port = ((WebServerApplicationContext) worker).getWebServer().getPort();
        for (String path : new String[] {"/metrics", "/no/such/route", "/test/boom"}) {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertError(response, 401, "unauthorized");
        }
        HttpResponse<String> bearer =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .header("authorization", "Bearer " + MediaTestbed.INTERNAL_TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(200);
        HttpResponse<String> encoded =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/%6detrics"))
                                .header("x-rend-internal-token", MediaTestbed.INTERNAL_TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertError(encoded, 400, "invalid_path");
    }

    @Test
    void theWorkersOwnRoutesStillAnswer() throws Exception {
        assertThat(send("GET", "/healthz", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/metrics", null).statusCode()).isEqualTo(200);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.propertyNames()).containsExactly("error");
        assertThat(body.path("error").path("code").asString()).isEqualTo(code);
        assertThat(body.path("error").path("message").asString()).isNotBlank();
    }

    private static HttpResponse<String> send(String method, String path, String json)
            throws Exception {
        int port = ((WebServerApplicationContext) worker).getWebServer().getPort();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("x-rend-internal-token", MediaTestbed.INTERNAL_TOKEN);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
