package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The judge itself: it must fail what the spec does not allow, or the walk-through proves nothing.
 */
class OpenApiContractTest {

    private static OpenApiContract spec;

    private static final String ASSET =
            "{\"asset_id\":\"3f1c2f0e-9a52-4c53-9d4e-2b7d0c1a8e11\",\"source_state\":\"uploaded\","
                    + "\"playable_state\":\"hls_ready\",\"source_object_key\":\"k\","
                    + "\"source_content_type\":\"video/mp4\",\"source_byte_size\":1,"
                    + "\"created_at\":\"2026-11-29T12:00:00Z\",\"updated_at\":\"2026-11-29T12:00:00Z\","
                    + "\"title\":null,\"external_id\":\"order-42\",\"creator_id\":null,"
                    + "\"passthrough\":null,\"tags\":[\"launch\"],"
                    + "\"links\":{\"self\":\"/v1/assets/x\",\"events\":\"/v1/assets/x/events\"}}";

    @BeforeAll
    static void loadTheSpecTheApiServes() throws Exception {
        try (InputStream yaml =
                OpenApiContractTest.class.getResourceAsStream("/openapi/rend.yaml")) {
            String text = new String(yaml.readAllBytes(), StandardCharsets.UTF_8);
            ObjectMapper json = JsonMapper.builder().build();
            spec = new OpenApiContract(json.writeValueAsString(new YAMLMapper().readTree(text)));
        }
    }

    @Test
    void acceptsAnAnswerOnItsSchemaWithItsRequiredHeaders() {
        assertThat(
                        spec.check("GET", "/v1/assets/{asset_id}", 200, limited(), ASSET)
                                .path("playable_state")
                                .asString())
                .isEqualTo("hls_ready");
    }

    @Test
    void failsAStatusTheOperationDoesNotDocument() {
        assertThatThrownBy(() -> spec.check("GET", "/v1/assets/{asset_id}", 409, limited(), "{}"))
                .hasMessageContaining("status not documented");
    }

    @Test
    void failsABodyOffItsSchema() {
        String wrongState = ASSET.replace("hls_ready", "ready");
        assertThatThrownBy(
                        () ->
                                spec.check(
                                        "GET", "/v1/assets/{asset_id}", 200, limited(), wrongState))
                .hasMessageContaining("playable_state");
    }

    @Test
    void failsAMissingRequiredRateLimitHeader() {
        HttpHeaders bare = headers(Map.of("content-type", List.of("application/json")));
        assertThatThrownBy(() -> spec.check("GET", "/v1/assets/{asset_id}", 200, bare, ASSET))
                .hasMessageContaining("required header RateLimit-");
    }

    @Test
    void failsAnUndocumentedContentType() {
        HttpHeaders html = headers(Map.of("content-type", List.of("text/html")));
        assertThatThrownBy(() -> spec.check("GET", "/v1/assets/{asset_id}", 404, html, "<p>"))
                .hasMessageContaining("content-type 'text/html' not documented");
    }

    private static HttpHeaders limited() {
        return headers(
                Map.of(
                        "content-type", List.of("application/json"),
                        "RateLimit-Limit", List.of("1000"),
                        "RateLimit-Remaining", List.of("999"),
                        "RateLimit-Reset", List.of("1")));
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }
}
