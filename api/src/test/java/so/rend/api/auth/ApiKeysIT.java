package so.rend.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import tools.jackson.databind.JsonNode;

/**
 * API keys through the API, on two API processes over one embedded PostgreSQL: a key made on one
 * works at once on both, a revoked one is refused on its next request at both, the list never shows
 * a secret, and an account cannot revoke its last key.
 */
class ApiKeysIT {

    private static RunningApi one;
    private static RunningApi two;

    @BeforeAll
    static void start() {
        one = ApiTestEnvironment.start(Map.of());
        two = ApiTestEnvironment.start(Map.of());
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
    }

    @Test
    void aCreatedKeyWorksAtOnceAndARevokedOneIsRefusedAtEveryApiProcess() {
        String first = one.newAccountKey();
        Response created = create(one, first, "{\"name\":\"ci deploys\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String second = created.json().path("key").asString();
        String secondId = created.json().path("id").asString();
        assertThat(second).startsWith("rend_").isNotEqualTo(first);
        assertThat(created.json().path("prefix").asString()).isEqualTo(second.substring(0, 9));

        assertThat(two.get("/v1/api-keys", second).status()).isEqualTo(200);
        assertThat(one.get("/v1/api-keys", second).status()).isEqualTo(200);

        Response listed = two.get("/v1/api-keys", first);
        assertThat(listed.json().path("data").size()).isEqualTo(2);
        assertThat(listed.body())
                .doesNotContain(first)
                .doesNotContain(second)
                .doesNotContain("sha256")
                .contains("ci deploys");
        for (JsonNode key : listed.json().path("data")) {
            assertThat(key.path("key").isNull()).isTrue();
        }
        JsonNode secondListed = byId(listed.json(), secondId);
        assertThat(secondListed.path("last_used_at").isString()).isTrue();

        Response revoked =
                one.send(one.request("/v1/api-keys/" + secondId, first).DELETE().build());
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
        assertThat(two.get("/v1/api-keys", second).status()).isEqualTo(401);
        assertThat(one.get("/v1/api-keys", second).status()).isEqualTo(401);
        assertThat(two.get("/v1/api-keys", first).json().path("data").size()).isEqualTo(1);
    }

    @Test
    void theLastKeyOfAnAccountCannotBeRevokedAndOtherAccountsKeysAreNotFound() {
        String key = one.newAccountKey();
        String id = one.get("/v1/api-keys", key).json().path("data").path(0).path("id").asString();
        Response last = one.send(one.request("/v1/api-keys/" + id, key).DELETE().build());
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.errorCode()).isEqualTo("last_api_key");
        assertThat(one.get("/v1/api-keys", key).status()).isEqualTo(200);

        String stranger = one.newAccountKey();
        create(one, stranger, "{\"name\":\"spare\"}");
        Response other = two.send(two.request("/v1/api-keys/" + id, stranger).DELETE().build());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.errorCode()).isEqualTo("api_key_not_found");
        Response unknown =
                two.send(two.request("/v1/api-keys/" + UUID.randomUUID(), key).DELETE().build());
        assertThat(unknown.errorCode()).isEqualTo("api_key_not_found");
        assertThat(two.send(two.request("/v1/api-keys/nope", key).DELETE().build()).status())
                .isEqualTo(404);
    }

    @Test
    void aKeyStopsWorkingWhenItExpires() throws Exception {
        String key = one.newAccountKey();
        Instant soon = Instant.now().plusSeconds(2);
        Response created = create(one, key, "{\"name\":\"short\",\"expires_at\":\"" + soon + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String shortLived = created.json().path("key").asString();
        assertThat(two.get("/v1/api-keys", shortLived).status()).isEqualTo(200);
        Thread.sleep(Math.max(0, soon.toEpochMilli() - System.currentTimeMillis()) + 300);
        assertThat(two.get("/v1/api-keys", shortLived).status()).isEqualTo(401);
    }

    @Test
    void badBodiesAreRefusedWithTheirCodes() {
        String key = one.newAccountKey();
        assertThat(create(one, key, "{\"name\":\"" + "n".repeat(101) + "\"}").errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(create(one, key, "{\"name\":\"\"}").errorCode()).isEqualTo("invalid_parameter");
        assertThat(create(one, key, "{}").errorCode()).isEqualTo("invalid_parameter");
        assertThat(create(one, key, "{\"name\":\"a\\u0000b\"}").errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(create(one, key, "{\"name\":\"x\",\"scope\":\"all\"}").errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(
                        create(one, key, "{\"name\":\"x\",\"expires_at\":\"2001-01-01T00:00:00Z\"}")
                                .errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(create(one, key, "{\"name\":\"x\",\"expires_at\":\"tomorrow\"}").errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(create(one, key, "{\"name\":").errorCode()).isEqualTo("invalid_json");
        assertThat(create(one, key, "\"name\"").errorCode()).isEqualTo("invalid_json");
        assertThat(one.get("/v1/api-keys", key).json().path("data").size()).isEqualTo(1);
    }

    private static Response create(RunningApi api, String key, String body) {
        return api.send(
                api.request("/v1/api-keys", key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    private static JsonNode byId(JsonNode page, String id) {
        for (JsonNode item : page.path("data")) {
            if (item.path("id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no " + id);
    }
}
