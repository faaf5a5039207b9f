package so.rend.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The spec and the API agree both ways, on a real API over real PostgreSQL: every route the API
 * registers on its public listener is an operation of {@code api/openapi/rend.yaml}, and every
 * operation of the spec reaches a handler (no route-level {@code not_found} or {@code
 * method_not_allowed}). The spec is served as JSON and YAML, and its reference page with its two
 * files, without an API key.
 */
class OpenApiRoutesIT {

    private static final Set<String> METHODS =
            Set.of("get", "head", "post", "put", "patch", "delete");
    private static RunningApi api;
    private static String key;
    private static JsonNode spec;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestEnvironment.start(Map.of());
        key = api.newAccountKey();
        spec = new YAMLMapper().readTree(Files.readAllBytes(Path.of("openapi/rend.yaml")));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void everyRegisteredRouteIsASpecOperationAndEverySpecOperationIsARoute() {
        Set<String> registered = new TreeSet<>();
        RequestMappingHandlerMapping mapping =
                api.context()
                        .getBean(
                                "requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            info.getPatternsCondition()
                    .getPatterns()
                    .forEach(
                            pattern ->
                                    info.getMethodsCondition()
                                            .getMethods()
                                            .forEach(
                                                    method ->
                                                            registered.add(
                                                                    operation(
                                                                            method.name(),
                                                                            pattern
                                                                                    .getPatternString()))));
        }
        Set<String> specified = new TreeSet<>(specOperations());

        assertThat(registered).isNotEmpty();
        // The reference page's two files are one templated route in code, two paths in use.
        registered.remove(operation("GET", "/v1/docs/{file}"));
        // The dev-mode player page, its keyless bootstrap and its script files are not the API
        // (HTML and JavaScript, 404 unless REND_DEV_MODE): PlayerPageIT covers them.
        registered.removeIf(route -> route.startsWith("GET /player"));
        assertThat(registered).as("routes missing from the spec").isSubsetOf(specified);
        assertThat(specified).as("spec operations with no route").isSubsetOf(registered);
    }

    @Test
    void everySpecOperationReachesAHandlerOverHttp() {
        List<String> unrouted = new ArrayList<>();
        for (String operation : specOperations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            // A negative after_sequence makes the event stream answer 400 at once instead of
            // streaming; the other operations ignore it or refuse it just as fast.
            String path =
                    operation
                                    .substring(operation.indexOf(' ') + 1)
                                    .replace("{}", UUID.randomUUID().toString())
                            + "?after_sequence=-1";
            Response response =
                    api.send(
                            api.request(path, key)
                                    .method(method, HttpRequest.BodyPublishers.noBody())
                                    .build());
            String code = response.status() >= 400 ? response.errorCode() : "";
            if (code.equals("not_found") || code.equals("method_not_allowed")) {
                unrouted.add(operation + " -> " + response.status() + " " + code);
            }
        }
        assertThat(unrouted).isEmpty();
    }

    @Test
    void theSpecAndItsReferencePageAreServedWithoutAKey() {
        Response json = api.get(OpenApiController.SPEC_JSON, null);
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.raw().headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json.json())
                .isEqualTo(
                        ApiTestEnvironment.JSON.readTree(
                                ApiTestEnvironment.JSON.writeValueAsString(spec)));

        Response yaml = api.get(OpenApiController.SPEC_YAML, null);
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: 3.1.0");

        Response page = api.get(OpenApiController.DOCS, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("SwaggerUIBundle").contains("/v1/openapi.json");
        for (String file : List.of("swagger-ui-bundle.js", "swagger-ui.css")) {
            Response asset = api.get(OpenApiController.DOCS + "/" + file, null);
            assertThat(asset.status()).as(file).isEqualTo(200);
            assertThat(asset.body().length()).as(file).isGreaterThan(10_000);
        }
        // Nothing else under the page's path is served, with or without a key.
        assertThat(api.get(OpenApiController.DOCS + "/index.html", null).status()).isEqualTo(401);
        assertThat(api.get(OpenApiController.DOCS + "/index.html", key).status()).isEqualTo(404);
        assertThat(api.get("/v1/assets", null).status()).isEqualTo(401);
    }

    private static List<String> specOperations() {
        List<String> operations = new ArrayList<>();
        spec.path("paths")
                .properties()
                .forEach(
                        path ->
                                path.getValue()
                                        .properties()
                                        .forEach(
                                                op -> {
                                                    if (METHODS.contains(op.getKey())) {
                                                        operations.add(
                                                                operation(
                                                                        op.getKey(),
                                                                        path.getKey()));
                                                    }
                                                }));
        return operations;
    }

    /** {@code GET /v1/assets/{}}: path parameters lose their names, which differ in code. */
    private static String operation(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{[^}]*}", "{}");
    }
}
