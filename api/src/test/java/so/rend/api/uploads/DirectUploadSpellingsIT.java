package so.rend.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.internalhttp.testing.PathSpellings;
import so.rend.internalhttp.testing.RawHttp;
import so.rend.internalhttp.testing.RawHttp.Answer;
import tools.jackson.databind.JsonNode;

/**
 * The direct upload URL is public in its one exact spelling only, and it opens nothing else: no
 * other spelling of it reaches the upload without a key, and no spelling of the keyed upload routes
 * is served without one (real API and PostgreSQL, raw HTTP so nothing normalizes paths).
 */
class DirectUploadSpellingsIT {

    private static final Set<Integer> REFUSED = Set.of(400, 401, 404, 405);
    private static RunningApi api;
    private static int port;
    private static String key;
    private static String id;
    private static String tusPath;

    @BeforeContainer
    static void start() {
        api = ApiTestEnvironment.start(Map.of());
        port = api.baseUrl().getPort();
        key = api.newAccountKey();
        JsonNode session = DirectUploads.session(api, key, "{\"cors_origin\":\"*\"}");
        id = session.path("id").asString();
        tusPath = URI.create(session.path("url").asString()).getRawPath();
        assertThat(tus("POST", tusPath, "Upload-Length", "1000").status()).isEqualTo(201);
    }

    @AfterContainer
    static void stop() {
        DirectUploads.cancelWaiting(api);
        api.close();
    }

    @Property(tries = 60)
    void noOtherSpellingOfTheUploadUrlReachesTheUpload(
            @ForAll("uploadUrlSpellings") String target) {
        assertThat(tus("PATCH", target, "Upload-Offset", "0").status()).as(target).isIn(REFUSED);
        assertThat(tus("DELETE", target).status()).as(target).isIn(REFUSED);
        assertThat(status()).isEqualTo("waiting");
    }

    @Property(tries = 60)
    void noSpellingOfTheKeyedUploadRoutesIsServedWithoutAKey(
            @ForAll("keyedSpellings") String target) {
        assertThat(RawHttp.send(port, "GET", target, null).status()).as(target).isIn(REFUSED);
        assertThat(RawHttp.send(port, "POST", target + "/cancel", "").status())
                .as(target)
                .isIn(REFUSED);
        assertThat(status()).isEqualTo("waiting");
    }

    @Example
    void theExactSpellingsWorkSoTheRefusalsAreNotVacuous() {
        assertThat(tus("HEAD", tusPath).status()).isEqualTo(200);
        assertThat(
                        RawHttp.send(
                                        port,
                                        "GET",
                                        "/v1/uploads/" + id,
                                        null,
                                        "Authorization",
                                        "Bearer " + key)
                                .status())
                .isEqualTo(200);
        assertThat(RawHttp.send(port, "GET", "/v1/uploads/" + id, null).status()).isEqualTo(401);
        // The upload URL with an API key's routes behind it: dot segments do not climb out of it.
        assertThat(tus("GET", tusPath + "/../../../uploads/" + id).status()).isIn(REFUSED);
    }

    @Provide
    Arbitrary<String> uploadUrlSpellings() {
        return PathSpellings.of(tusPath);
    }

    @Provide
    Arbitrary<String> keyedSpellings() {
        return PathSpellings.of("/v1/uploads/" + id);
    }

    private static Answer tus(String method, String target, String... headers) {
        String[] all = new String[headers.length + 4];
        all[0] = "Tus-Resumable";
        all[1] = "1.0.0";
        all[2] = "Content-Type";
        all[3] = "application/offset+octet-stream";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return RawHttp.send(port, method, target, null, all);
    }

    private static String status() {
        return api.get("/v1/uploads/" + id, key).json().path("status").asString();
    }
}
