package so.rend.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;
import tools.jackson.databind.JsonNode;

/** Server-Sent Events of the lifecycle log over real HTTP, on a real PostgreSQL (LISTEN/NOTIFY). */
class EventStreamIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    /** One SSE connection, parsed frame by frame on its own thread. */
    static final class SseClient implements AutoCloseable {

        record Frame(long id, String event, JsonNode data) {}

        final List<Frame> frames = new CopyOnWriteArrayList<>();
        final int status;
        private final Stream<String> lines;

        SseClient(URI uri, String key, Map<String, String> headers) throws Exception {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).header("accept", "text/event-stream");
            if (key != null) {
                request.header("authorization", "Bearer " + key);
            }
            headers.forEach(request::header);
            HttpResponse<Stream<String>> response =
                    HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            lines = response.body();
            Thread reader =
                    new Thread(
                            () -> {
                                String id = null;
                                String event = null;
                                StringBuilder data = new StringBuilder();
                                try {
                                    for (String line : (Iterable<String>) lines::iterator) {
                                        if (line.startsWith("id:")) {
                                            id = line.substring(3).trim();
                                        } else if (line.startsWith("event:")) {
                                            event = line.substring(6).trim();
                                        } else if (line.startsWith("data:")) {
                                            data.append(line.substring(5));
                                        } else if (line.isEmpty() && id != null) {
                                            frames.add(
                                                    new Frame(
                                                            Long.parseLong(id),
                                                            event,
                                                            ApiTestEnvironment.JSON.readTree(
                                                                    data.toString())));
                                            id = null;
                                            event = null;
                                            data.setLength(0);
                                        }
                                    }
                                } catch (RuntimeException closed) {
                                    // the connection was closed
                                }
                            });
            reader.setDaemon(true);
            reader.start();
        }

        void awaitFrames(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (frames.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(frames).as("frames received").hasSizeGreaterThanOrEqualTo(count);
        }

        long lastId() {
            return frames.get(frames.size() - 1).id();
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    @Test
    void refusesMissingKeysAndMalformedFiltersAndStreamsNothingForAnUnknownAsset()
            throws Exception {
        try (RunningApi api = ApiTestEnvironment.start(Map.of())) {
            URI events = api.baseUrl().resolve("/v1/events");
            assertThat(api.get("/v1/events", null).status()).isEqualTo(401);
            assertThat(api.get("/v1/events?asset_id=nope", "dev-api-key").errorCode())
                    .isEqualTo("invalid_parameter");
            assertThat(api.get("/v1/events?after_sequence=-1", "dev-api-key").status())
                    .isEqualTo(400);
            assertThat(
                            api.send(
                                            api.request("/v1/events", "dev-api-key")
                                                    .header("Last-Event-ID", "abc")
                                                    .build())
                                    .status())
                    .isEqualTo(400);
            String key = api.newAccountKey();
            try (SseClient unknown =
                            new SseClient(
                                    URI.create(events + "?asset_id=" + UUID.randomUUID()),
                                    key,
                                    Map.of());
                    SseClient other = new SseClient(events, api.newAccountKey(), Map.of());
                    SseClient mine = new SseClient(events, key, Map.of())) {
                assertThat(unknown.status).isEqualTo(200);
                upload(api, key);
                mine.awaitFrames(1, Duration.ofSeconds(10));
                Thread.sleep(300);
                assertThat(unknown.frames).isEmpty();
                assertThat(other.frames).isEmpty();
            }
        }
    }

    @Test
    void twoHundredClientsEachReceiveEveryEventOfTwentyUploadsOnceInOrder() throws Exception {
        try (RunningApi api = ApiTestEnvironment.start(Map.of())) {
            String key = api.newAccountKey();
            List<SseClient> clients = new ArrayList<>();
            List<CompletableFuture<SseClient>> connecting = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                connecting.add(
                        CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        return new SseClient(
                                                api.baseUrl().resolve("/v1/events"), key, Map.of());
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                }));
            }
            for (CompletableFuture<SseClient> client : connecting) {
                clients.add(client.get());
            }
            try {
                List<CompletableFuture<String>> uploads = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    uploads.add(CompletableFuture.supplyAsync(() -> upload(api, key)));
                }
                List<String> assets = new ArrayList<>();
                for (CompletableFuture<String> upload : uploads) {
                    assets.add(upload.get());
                }

                for (SseClient client : clients) {
                    client.awaitFrames(20, Duration.ofSeconds(30));
                }
                Thread.sleep(500);
                for (SseClient client : clients) {
                    assertThat(client.frames).hasSize(20);
                    assertThat(
                                    client.frames.stream()
                                            .map(f -> f.data().path("asset_id").asString())
                                            .toList())
                            .containsExactlyInAnyOrderElementsOf(assets);
                    for (int i = 1; i < client.frames.size(); i++) {
                        assertThat(client.frames.get(i).id())
                                .isGreaterThan(client.frames.get(i - 1).id());
                    }
                    assertThat(client.frames)
                            .allMatch(
                                    f ->
                                            f.event().equals("asset.created")
                                                    && f.data().path("sequence").asLong()
                                                            == f.id());
                }
            } finally {
                clients.forEach(SseClient::close);
            }
        }
    }

    @Test
    void reconnectingWithLastEventIdResumesRightAfterTheCursorAcrossARestart() throws Exception {
        String key;
        List<String> assets = new ArrayList<>();
        long cursor;
        List<Long> seen = new ArrayList<>();
        try (RunningApi api = ApiTestEnvironment.start(Map.of())) {
            key = api.newAccountKey();
            for (int i = 0; i < 3; i++) {
                assets.add(upload(api, key));
            }
            try (SseClient replay =
                    new SseClient(
                            api.baseUrl().resolve("/v1/events?after_sequence=0"), key, Map.of())) {
                replay.awaitFrames(3, Duration.ofSeconds(10));
                replay.frames.forEach(f -> seen.add(f.id()));
                cursor = replay.lastId();
            }
            // Last-Event-ID wins over after_sequence.
            try (SseClient resumed =
                    new SseClient(
                            api.baseUrl().resolve("/v1/events?after_sequence=0"),
                            key,
                            Map.of("Last-Event-ID", Long.toString(seen.get(0))))) {
                resumed.awaitFrames(2, Duration.ofSeconds(10));
                Thread.sleep(300);
                assertThat(resumed.frames)
                        .extracting(SseClient.Frame::id)
                        .containsExactly(seen.get(1), seen.get(2));
            }
            // While nobody listens, more happens.
            assets.add(upload(api, key));
        }
        try (RunningApi restarted = ApiTestEnvironment.start(Map.of())) {
            assets.add(upload(restarted, key));
            try (SseClient resumed =
                    new SseClient(
                            restarted.baseUrl().resolve("/v1/events"),
                            key,
                            Map.of("Last-Event-ID", Long.toString(cursor)))) {
                resumed.awaitFrames(2, Duration.ofSeconds(10));
                assets.add(upload(restarted, key));
                resumed.awaitFrames(3, Duration.ofSeconds(10));
                Thread.sleep(300);
                seen.addAll(resumed.frames.stream().map(SseClient.Frame::id).toList());
                assertThat(
                                resumed.frames.stream()
                                        .map(f -> f.data().path("asset_id").asString())
                                        .toList())
                        .containsExactlyElementsOf(assets.subList(3, 6));
            }
        }
        assertThat(seen).doesNotHaveDuplicates().isSorted().hasSize(6);
    }

    private static String upload(RunningApi api, String key) {
        byte[] body = new byte[1000];
        System.arraycopy(
                new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, body, 0, 12);
        var response =
                api.send(
                        api.request("/v1/videos", key)
                                .header("content-type", "video/mp4")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build());
        assertThat(response.status()).isEqualTo(201);
        return response.json().path("asset_id").asString();
    }
}
