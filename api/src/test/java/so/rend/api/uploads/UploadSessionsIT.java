package so.rend.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.api.auth.ApiKeys;
import tools.jackson.databind.JsonNode;

/**
 * Direct upload sessions on a real API over real PostgreSQL and S3Proxy: created with a URL and an
 * asset id, read and cancelled with the API key, timed out after their expiry, and their URL's CORS
 * answered for the session's origin only.
 */
class UploadSessionsIT {

    private static final String ORIGIN = "https://app.example.com";
    private static RunningApi api;
    private static String key;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of("REND_MAX_UPLOAD_BYTES", "100000000"));
        key = api.newAccountKey();
    }

    @AfterAll
    static void stop() {
        DirectUploads.cancelWaiting(api);
        api.close();
    }

    @Test
    void createAnswersTheUrlTheAssetIdAndTheExpiryAndGetShowsTheSessionWithoutItsUrl() {
        Response created =
                DirectUploads.create(
                        api,
                        key,
                        "{\"cors_origin\":\"https://App.Example.com:443\",\"timeout_secs\":600,"
                                + "\"max_bytes\":5000000,\"new_asset_settings\":{\"title\":\"Clip\","
                                + "\"tags\":[\"a\"]}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode session = created.json();
        String id = session.path("id").asString();
        assertThat(session.path("status").asString()).isEqualTo("waiting");
        assertThat(session.path("asset_id").asString()).hasSize(36);
        assertThat(session.path("cors_origin").asString()).isEqualTo(ORIGIN);
        assertThat(session.path("max_bytes").asLong()).isEqualTo(5_000_000);
        assertThat(session.path("new_asset_settings").path("title").asString()).isEqualTo("Clip");
        assertThat(session.path("url").asString())
                .matches(
                        "http://127\\.0\\.0\\.1:\\d+/v1/direct-uploads/"
                                + id
                                + "/[A-Za-z0-9_-]{43}");
        assertThat(created.raw().headers().firstValue("location")).hasValue("/v1/uploads/" + id);

        JsonNode read = api.get("/v1/uploads/" + id, key).json();
        assertThat(read.path("status").asString()).isEqualTo("waiting");
        assertThat(read.path("asset_id").asString()).isEqualTo(session.path("asset_id").asString());
        assertThat(read.path("url").isNull()).isTrue();
        assertThat(read.path("events").get(0).path("type").asString()).isEqualTo("upload.created");
        // The asset exists only once the upload completes.
        assertThat(api.get("/v1/assets/" + session.path("asset_id").asString(), key).status())
                .isEqualTo(404);
        // Only the token's hash is stored.
        String token = session.path("url").asString().replaceAll(".*/", "");
        String stored =
                api.db()
                        .sql(
                                "SELECT encode(token_sha256, 'hex') FROM rend.upload_sessions WHERE id = '"
                                        + id
                                        + "'")
                        .map(row -> row.get(0, String.class))
                        .one()
                        .block();
        assertThat(stored).isEqualTo(HexFormat.of().formatHex(ApiKeys.sha256(token)));
    }

    @Test
    void badCreatesAreRefusedWithTheirField() {
        assertThat(DirectUploads.create(api, null, "{\"cors_origin\":\"*\"}").status())
                .isEqualTo(401);
        Map<String, String> refused =
                Map.of(
                        "{}", "invalid_parameter",
                        "{\"cors_origin\":\"https://a.example/path\"}", "invalid_parameter",
                        "{\"cors_origin\":\"ftp://a.example\"}", "invalid_parameter",
                        "{\"cors_origin\":\"*\",\"timeout_secs\":0}", "invalid_parameter",
                        "{\"cors_origin\":\"*\",\"timeout_secs\":\"60\"}", "invalid_parameter",
                        "{\"cors_origin\":\"*\",\"max_bytes\":100000001}", "invalid_parameter",
                        "{\"cors_origin\":\"*\",\"surprise\":1}", "invalid_parameter",
                        "{\"cors_origin\":\"*\",\"new_asset_settings\":{\"colour\":\"red\"}}",
                                "invalid_parameter",
                        "[1]", "invalid_json",
                        "{\"cors_origin\":", "invalid_json");
        refused.forEach(
                (body, code) -> {
                    Response answer = DirectUploads.create(api, key, body);
                    assertThat(answer.status()).as(body).isEqualTo(400);
                    assertThat(answer.errorCode()).as(body).isEqualTo(code);
                });
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.upload_sessions WHERE cors_origin LIKE '%a.example%'"))
                .isZero();
    }

    @Test
    void anotherAccountsSessionIsNotFound() {
        String id =
                DirectUploads.session(api, key, "{\"cors_origin\":\"*\"}").path("id").asString();
        String other = api.newAccountKey();
        assertThat(api.get("/v1/uploads/" + id, other).errorCode()).isEqualTo("upload_not_found");
        Response cancel =
                api.send(
                        api.request("/v1/uploads/" + id + "/cancel", other)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build());
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(api.get("/v1/uploads/" + id, key).json().path("status").asString())
                .isEqualTo("waiting");
        assertThat(api.get("/v1/uploads/not-a-uuid", key).status()).isEqualTo(404);
    }

    @Test
    void corsPreflightIsAnsweredForTheSessionsOriginAndRefusedForAnyOther() {
        String url =
                DirectUploads.session(api, key, "{\"cors_origin\":\"" + ORIGIN + "\"}")
                        .path("url")
                        .asString();
        Response preflight = options(url, ORIGIN);
        assertThat(preflight.status()).isEqualTo(204);
        var headers = preflight.raw().headers();
        assertThat(headers.firstValue("access-control-allow-origin")).hasValue(ORIGIN);
        assertThat(headers.firstValue("access-control-allow-methods").orElse(""))
                .contains("PATCH")
                .contains("HEAD");
        assertThat(headers.firstValue("access-control-allow-headers").orElse(""))
                .contains("Upload-Offset")
                .contains("Tus-Resumable");
        assertThat(headers.firstValue("tus-version")).hasValue("1.0.0");
        assertThat(headers.firstValue("tus-extension").orElse("")).contains("creation");

        Response evil = options(url, "https://evil.example");
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.raw().headers().firstValue("access-control-allow-origin")).isEmpty();
        Response evilPost = tusCreate(url, 1000, "https://evil.example");
        assertThat(evilPost.status()).isEqualTo(403);
        assertThat(evilPost.errorCode()).isEqualTo("upload_origin_refused");
        assertThat(evilPost.raw().headers().firstValue("access-control-allow-origin")).isEmpty();

        Response allowed = tusCreate(url, 1000, ORIGIN);
        assertThat(allowed.status()).isEqualTo(201);
        assertThat(allowed.raw().headers().firstValue("access-control-allow-origin"))
                .hasValue(ORIGIN);
        assertThat(allowed.raw().headers().firstValue("access-control-expose-headers").orElse(""))
                .contains("Upload-Offset")
                .contains("Location");

        String anyUrl =
                DirectUploads.session(api, key, "{\"cors_origin\":\"*\"}").path("url").asString();
        assertThat(
                        options(anyUrl, "https://anyone.example")
                                .raw()
                                .headers()
                                .firstValue("access-control-allow-origin"))
                .hasValue("https://anyone.example");
    }

    @Test
    void optionsOnADirectUploadUrlNoSessionCanHaveIsNotFoundWithOrWithoutAKey() {
        String url =
                DirectUploads.session(api, key, "{\"cors_origin\":\"" + ORIGIN + "\"}")
                        .path("url")
                        .asString();
        String base = url.substring(0, url.lastIndexOf('/') + 1);
        for (String token : new String[] {"null", "short", "A".repeat(44), "A".repeat(43) + "="}) {
            Response keyless = options(base + token, ORIGIN);
            assertThat(keyless.status()).as(token).isEqualTo(404);
            assertThat(keyless.errorCode()).as(token).isEqualTo("upload_not_found");
            Response keyed =
                    api.send(
                            api.request(URI.create(base + token).getPath(), key)
                                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                    .build());
            assertThat(keyed.status()).as(token + " with a key").isEqualTo(404);
            assertThat(keyed.raw().headers().firstValue("allow")).isEmpty();
        }
    }

    static Response options(String url, String origin) {
        return api.send(
                HttpRequest.newBuilder(URI.create(url))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "PATCH")
                        .header(
                                "Access-Control-Request-Headers",
                                "tus-resumable, upload-offset, content-type")
                        .build());
    }

    static Response tusCreateOn(RunningApi on, String url, long length) {
        return on.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", Long.toString(length))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    static Response tusCreate(String url, long length, String origin) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url))
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", Long.toString(length))
                        .POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        return api.send(request.build());
    }
}
