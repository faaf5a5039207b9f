package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The README walk-through on the embedded mode (embedded PostgreSQL, S3Proxy, the API, the worker
 * with the bundled ffmpeg, the edge), every answer judged by the OpenAPI spec the API serves: its
 * status must be documented for the operation, its required headers present, its headers and JSON
 * body on their schemas, and every Server-Sent Events frame's data an {@code Event}.
 */
class OpenApiWalkthroughIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String KEY = "dev-api-key";
    private static final String ASSET = "/v1/assets/{asset_id}";

    @Test
    void theReadmeWalkThroughAndItsErrorsAnswerAsTheSpecSays(@TempDir Path data) throws Exception {
        Path fixture = data.resolve("fixture.mp4");
        assertThat(BundledTools.run(new String[] {"fixture", fixture.toString(), "2"})).isZero();
        try (RendDev rend =
                RendDev.start(
                        DevSettings.onFreePorts(
                                data.resolve("rend"), KEY, DevSettings.CLICKHOUSE_OFF))) {
            URI api = rend.apiUrl();
            OpenApiContract spec =
                    new OpenApiContract(
                            send(HttpRequest.newBuilder(api.resolve("/v1/openapi.json")).build())
                                    .body());
            spec.check(
                    "GET",
                    "/v1/openapi.json",
                    send(HttpRequest.newBuilder(api.resolve("/v1/openapi.json")).build()));
            spec.check(
                    "GET",
                    "/healthz",
                    send(HttpRequest.newBuilder(api.resolve("/healthz")).build()));
            spec.check(
                    "GET", "/readyz", send(HttpRequest.newBuilder(api.resolve("/readyz")).build()));

            String assetId = upload(spec, api, fixture).path("asset_id").asString();
            String asset = "/v1/assets/" + assetId;
            assertThat(spec.check("GET", ASSET, get(api, asset)).path("playable_state").asString())
                    .isIn("not_playable", "opener_ready", "hls_ready");
            spec.check("GET", ASSET + "/events", get(api, asset + "/events"));
            List<String> types = followEvents(spec, api, assetId);
            assertThat(types).startsWith("asset.created").contains("asset.hls_ready");
            spec.check(
                    "GET", ASSET + "/events", get(api, asset + "/events?after_sequence=1&limit=2"));

            JsonNode playback =
                    spec.check("GET", ASSET + "/playback", get(api, asset + "/playback"));
            assertThat(playback.path("manifest_url").asString()).startsWith(rend.edgeUrl() + "/p/");

            String second = upload(spec, api, fixture).path("asset_id").asString();
            listWithPagination(spec, api);

            JsonNode deleted = spec.check("DELETE", ASSET, delete(api, asset));
            JsonNode again = spec.check("DELETE", ASSET, delete(api, asset));
            assertThat(again.path("deleted_at")).isEqualTo(deleted.path("deleted_at"));
            assertThat(spec.check("GET", ASSET, get(api, asset)).path("deleted_at").isNull())
                    .isFalse();
            assertThat(get(api, asset + "/playback").statusCode()).isEqualTo(404);
            spec.check("GET", ASSET + "/playback", get(api, asset + "/playback"));
            spec.check("DELETE", ASSET, delete(api, "/v1/assets/" + second));

            errors(spec, api);
            System.out.println("OpenApiWalkthroughIT checked " + spec.checked());
        }
    }

    private static JsonNode upload(OpenApiContract spec, URI api, Path fixture) throws Exception {
        HttpResponse<String> created =
                send(
                        authorized(api, "/v1/videos")
                                .header("content-type", "video/mp4")
                                .POST(HttpRequest.BodyPublishers.ofFile(fixture))
                                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return spec.check("POST", "/v1/videos", created);
    }

    /** Follows the asset's SSE stream to {@code asset.hls_ready}; returns the frames' types. */
    private static List<String> followEvents(OpenApiContract spec, URI api, String assetId)
            throws Exception {
        HttpResponse<Stream<String>> stream =
                HTTP.send(
                        authorized(api, "/v1/events?after_sequence=0&asset_id=" + assetId)
                                .header("accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        spec.check("GET", "/v1/events", stream.statusCode(), stream.headers(), "");
        try (Stream<String> lines = stream.body()) {
            return CompletableFuture.supplyAsync(() -> frames(spec, lines.iterator()))
                    .get(120, TimeUnit.SECONDS);
        }
    }

    private static List<String> frames(OpenApiContract spec, Iterator<String> lines) {
        List<String> types = new ArrayList<>();
        String id = null;
        String type = null;
        StringBuilder dataLines = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                type = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                dataLines.append(line.substring(5).trim());
            } else if (line.isEmpty() && dataLines.length() > 0) {
                JsonNode event = spec.checkSchema("SSE frame " + id, "Event", dataLines.toString());
                assertThat(event.path("sequence").asString()).isEqualTo(id);
                assertThat(event.path("event_type").asString()).isEqualTo(type);
                types.add(type);
                dataLines.setLength(0);
                if ("asset.hls_ready".equals(type)) {
                    return types;
                }
            }
        }
        throw new AssertionError("the stream ended before asset.hls_ready: " + types);
    }

    private static void listWithPagination(OpenApiContract spec, URI api) throws Exception {
        JsonNode first = spec.check("GET", "/v1/assets", get(api, "/v1/assets?limit=1"));
        assertThat(first.path("data").size()).isEqualTo(1);
        String cursor = first.path("next_cursor").asString();
        assertThat(cursor).isNotEmpty();
        JsonNode next =
                spec.check("GET", "/v1/assets", get(api, "/v1/assets?limit=1&cursor=" + cursor));
        assertThat(next.path("data").size()).isEqualTo(1);
        assertThat(next.path("data").get(0).path("asset_id"))
                .isNotEqualTo(first.path("data").get(0).path("asset_id"));
    }

    private static void errors(OpenApiContract spec, URI api) throws Exception {
        HttpResponse<String> noKey =
                send(HttpRequest.newBuilder(api.resolve("/v1/assets")).build());
        assertThat(noKey.statusCode()).isEqualTo(401);
        spec.check("GET", "/v1/assets", noKey);
        HttpResponse<String> badLimit = get(api, "/v1/assets?limit=0");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        spec.check("GET", "/v1/assets", badLimit);
        HttpResponse<String> unknown = get(api, "/v1/assets/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        spec.check("GET", ASSET, unknown);
        HttpResponse<String> text =
                send(
                        authorized(api, "/v1/videos")
                                .header("content-type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                                .build());
        assertThat(text.statusCode()).isEqualTo(415);
        spec.check("POST", "/v1/videos", text);
        // JSON is an ingest request: one without its input is refused in the spec's shape.
        HttpResponse<String> json =
                send(
                        authorized(api, "/v1/videos")
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build());
        assertThat(json.statusCode()).isEqualTo(400);
        spec.check("POST", "/v1/videos", json);
        malformedHttp(spec, api);
    }

    /** A negative Content-Length, which no HTTP client library sends: over a raw socket. */
    private static void malformedHttp(OpenApiContract spec, URI api) throws Exception {
        String answer;
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(
                            ("POST /v1/videos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                            + KEY
                                            + "\r\nContent-Type: video/mp4\r\n"
                                            + "Content-Length: -1\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] headAndBody = answer.split("\r\n\r\n", 2);
        Map<String, List<String>> headers = new HashMap<>();
        String[] head = headAndBody[0].split("\r\n");
        for (int i = 1; i < head.length; i++) {
            String[] field = head[i].split(":", 2);
            headers.put(field[0].trim(), List.of(field[1].trim()));
        }
        int status = Integer.parseInt(head[0].split(" ")[1]);
        assertThat(status).as(answer).isEqualTo(400);
        JsonNode body =
                spec.check(
                        "POST",
                        "/v1/videos",
                        status,
                        HttpHeaders.of(headers, (name, value) -> true),
                        headAndBody[1]);
        assertThat(body.path("error").path("code").asString()).isEqualTo("invalid_request");
    }

    private static HttpRequest.Builder authorized(URI api, String path) {
        return HttpRequest.newBuilder(api.resolve(path))
                .header("authorization", "Bearer " + KEY)
                .timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> get(URI api, String path) throws Exception {
        return send(authorized(api, path).build());
    }

    private static HttpResponse<String> delete(URI api, String path) throws Exception {
        return send(authorized(api, path).DELETE().build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
