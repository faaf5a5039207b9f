package so.rend.api.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;

/**
 * The framework's own refusals (no route, wrong method, a body that is not JSON) answer in the
 * API's one error shape with a code from {@link ApiErrorCode}, on a real API over real PostgreSQL.
 */
class ErrorShapeIT {

    private static RunningApi api;
    private static String key;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of());
        key = api.newAccountKey();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void anUnknownRouteIsNotFoundInTheErrorShape() {
        for (String path : new String[] {"/v1/nothing-here", "/", "/v2/assets"}) {
            Response response = api.get(path, key);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertErrorShape(response, "not_found");
        }
    }

    @Test
    void aWrongMethodIsRefusedWithAllowInTheErrorShape() {
        Response put =
                api.send(
                        api.request("/v1/assets", key)
                                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                                .header("content-type", "application/json")
                                .build());
        assertThat(put.status()).isEqualTo(405);
        assertErrorShape(put, "method_not_allowed");
        assertThat(put.raw().headers().firstValue("allow"))
                .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));

        Response deleteVideos = api.send(api.request("/v1/videos", key).DELETE().build());
        assertThat(deleteVideos.status()).isEqualTo(405);
        assertErrorShape(deleteVideos, "method_not_allowed");
    }

    @Test
    void aMalformedJsonBodyIsInvalidJsonOnEveryRouteThatTakesOne() {
        // The heartbeat is the API's one route with a JSON body today.
        for (String body : new String[] {"{", "not json", "[1,2", "{\"edge_id\":}"}) {
            Response response =
                    api.send(
                            api.internalRequest(
                                            "/internal/edges/heartbeat",
                                            ApiTestEnvironment.INTERNAL_TOKEN)
                                    .header("content-type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build());
            assertThat(response.status()).as(body).isEqualTo(400);
            assertErrorShape(response, "invalid_json");
        }
    }

    @Test
    void theInternalListenerAnswersInTheSameShape() {
        Response unknown =
                api.send(
                        api.internalRequest("/internal/nothing", ApiTestEnvironment.INTERNAL_TOKEN)
                                .GET()
                                .build());
        assertThat(unknown.status()).isEqualTo(404);
        assertErrorShape(unknown, "not_found");

        Response wrongMethod =
                api.send(
                        api.internalRequest(
                                        "/internal/edges/heartbeat",
                                        ApiTestEnvironment.INTERNAL_TOKEN)
                                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                                .build());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertErrorShape(wrongMethod, "method_not_allowed");

        Response noToken = api.send(api.internalRequest("/metrics", null).GET().build());
        assertThat(noToken.status()).isEqualTo(401);
        assertErrorShape(noToken, "unauthorized");
    }

    @Test
    void everyCodeIsSnakeCaseAndUnique() {
        assertThat(Arrays.stream(ApiErrorCode.values()).map(ApiErrorCode::code))
                .doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z]+(_[a-z]+)*"));
    }

    private static void assertErrorShape(Response response, String code) {
        assertThat(response.raw().headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.json().size()).isEqualTo(1);
        assertThat(response.json().path("error").path("code").asString()).isEqualTo(code);
        assertThat(response.json().path("error").path("message").asString()).isNotBlank();
    }
}
