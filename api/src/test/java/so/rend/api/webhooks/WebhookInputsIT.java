package so.rend.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import tools.jackson.databind.JsonNode;

/**
 * The webhook routes on a real API over embedded PostgreSQL, with no allowed hosts: hostile URLs
 * and bodies are refused with their codes in the one error shape, secrets are shown only when made,
 * and one account never sees another's endpoints.
 */
class WebhookInputsIT {

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

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/hook",
                "http://localhost:8080/hook",
                "http://2130706433/",
                "http://0x7f000001/",
                "http://0177.0.0.1/",
                "http://127.1/",
                "http://0/",
                "http://[::1]/",
                "http://[::ffff:127.0.0.1]/",
                "http://[::ffff:a9fe:a9fe]/",
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/",
                "http://192.168.1.1/",
                "http://172.16.0.1/",
                "http://[fd00::1]/",
                "http://[fe80::1]/",
            })
    void internalAddressesInEverySpellingAreRefused(String url) {
        Response response = create("{\"url\":\"" + url + "\"}");
        assertThat(response.status()).as(url).isEqualTo(400);
        assertThat(response.errorCode()).as(url).isEqualTo("webhook_url_forbidden");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://user:pass@example.com/",
                "http://example.com@127.0.0.1/",
                "http://127.0.0.1#@example.com/",
                "ftp://example.com/",
                "file:///etc/passwd",
                "not a url",
                "http://1.2.3.256/",
                "http://example.com:99999/",
                "http:///nohost",
            })
    void urlsThatAreNoneRendCallsAreInvalid(String url) {
        Response response = create("{\"url\":\"" + url + "\"}");
        assertThat(response.status()).as(url).isEqualTo(400);
        assertThat(response.errorCode())
                .as(url)
                .isIn("webhook_url_invalid", "webhook_url_forbidden");
    }

    @Test
    void badBodiesAreRefusedWithTheirCodes() {
        assertThat(create("{\"url\":\"http://" + "a".repeat(2100) + ".example/\"}").errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(
                        create(
                                        "{\"url\":\"https://hooks.example.com/\",\"event_types\":[\"asset.nope\"]}")
                                .errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(
                        create("{\"url\":\"https://hooks.example.com/\",\"enabled\":\"yes\"}")
                                .errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(
                        create("{\"url\":\"https://hooks.example.com/\",\"secret\":\"mine\"}")
                                .errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(create("{\"url\":").errorCode()).isEqualTo("invalid_json");
        assertThat(create("[1]").errorCode()).isEqualTo("invalid_json");
        assertThat(create("{\"url\":\"a\",\"url\":\"b\"}").errorCode()).isEqualTo("invalid_json");
        assertThat(create("{}").errorCode()).isEqualTo("invalid_parameter");
        Response plain =
                api.send(
                        api.request("/v1/webhooks", key)
                                .header("content-type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build());
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.errorCode()).isEqualTo("unsupported_content_type");
        Response huge = create("{\"url\":\"" + "x".repeat(20_000) + "\"}");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.errorCode()).isEqualTo("invalid_json");
    }

    @Test
    void theSecretIsShownOnceAndEndpointsAreTheirAccountsOnly() {
        String other = api.newAccountKey();
        Response created = create("{\"url\":\"http://127.0.0.1/\"}");
        assertThat(created.status()).isEqualTo(400);
        Response ok =
                api.send(
                        api.request("/v1/webhooks", key)
                                .header("content-type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"url\":\"https://1.1.1.1/hooks\","
                                                        + "\"event_types\":[\"asset.created\"]}"))
                                .build());
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        String secret = ok.json().path("secret").asString();
        String id = ok.json().path("id").asString();
        assertThat(secret).startsWith("whsec_");

        Response listed = api.get("/v1/webhooks", key);
        assertThat(listed.body()).contains(id).doesNotContain(secret);
        Response got = api.get("/v1/webhooks/" + id, key);
        assertThat(got.body()).doesNotContain(secret);
        assertThat(got.json().path("secret").isNull()).isTrue();
        assertThat(api.get("/v1/webhooks/" + id, other).errorCode()).isEqualTo("webhook_not_found");
        assertThat(api.get("/v1/webhooks", other).json().path("data").size()).isZero();

        Response patched = patch(id, "{\"enabled\":false,\"event_types\":[]}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        JsonNode endpoint = patched.json();
        assertThat(endpoint.path("enabled").asBoolean()).isFalse();
        assertThat(endpoint.path("event_types").size()).isZero();
        assertThat(endpoint.path("url").asString()).isEqualTo("https://1.1.1.1/hooks");
        assertThat(patch(id, "{\"url\":\"http://[::1]/\"}").errorCode())
                .isEqualTo("webhook_url_forbidden");

        assertThat(api.send(api.request("/v1/webhooks/" + id, other).DELETE().build()).status())
                .isEqualTo(404);
        assertThat(api.send(api.request("/v1/webhooks/" + id, key).DELETE().build()).status())
                .isEqualTo(204);
        assertThat(api.get("/v1/webhooks/" + id, key).status()).isEqualTo(404);
        assertThat(api.get("/v1/webhooks/" + UUID.randomUUID() + "/deliveries", key).errorCode())
                .isEqualTo("webhook_not_found");
        assertThat(api.get("/v1/webhooks/not-a-uuid", key).errorCode())
                .isEqualTo("webhook_not_found");
    }

    private static Response create(String body) {
        return api.send(
                api.request("/v1/webhooks", key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    private static Response patch(String id, String body) {
        return api.send(
                api.request("/v1/webhooks/" + id, key)
                        .header("content-type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }
}
