package so.rend.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.sdk.generated.model.Asset;
import so.rend.sdk.generated.model.Event;
import so.rend.sdk.generated.model.PlayableState;
import so.rend.sdk.generated.model.PlaybackBootstrap;
import so.rend.sdk.generated.model.Upload;

/** The SDK against a live embedded Rend (scripts/with-embedded-rend.sh): real API, worker and edge. */
class RendLiveTest {
    static Path fixture;

    @BeforeAll
    static void aLiveRendIsGiven() {
        for (String name : List.of("REND_API_URL", "REND_API_KEY", "REND_FIXTURE")) {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(name + " is unset: run through scripts/with-embedded-rend.sh (see sdks/java/ci.sh)");
            }
        }
        fixture = Path.of(System.getenv("REND_FIXTURE"));
    }

    @Test
    void uploadFollowsEventsToHlsReadyPlaysThroughTheEdgeListsAndDeletes() throws Exception {
        Rend rend = Rend.fromEnvironment();
        Upload upload = rend.upload(fixture, "video/mp4");
        assertEquals(Files.size(fixture), upload.getSourceByteSize());
        assertEquals(PlayableState.NOT_PLAYABLE, upload.getPlayableState());

        long started = System.nanoTime();
        Asset asset = rend.waitUntilPlayable(upload.getAssetId(), PlayableState.HLS_READY, Duration.ofMinutes(5));
        System.out.printf("hls_ready after %.1f s%n", (System.nanoTime() - started) / 1e9);
        assertEquals(PlayableState.HLS_READY, asset.getPlayableState());

        List<String> types = new ArrayList<>();
        for (Event event : rend.assetEvents(upload.getAssetId(), 2)) {
            types.add(event.getEventType().getValue());
        }
        assertEquals("asset.created", types.get(0));
        assertTrue(types.contains("asset.opener_ready") && types.contains("asset.hls_ready"), types.toString());

        PlaybackBootstrap playback = rend.getPlayback(upload.getAssetId());
        assertNotNull(playback.getManifestUrl());
        HttpResponse<String> master = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(playback.getManifestUrl()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, master.statusCode(), master.body());
        assertTrue(master.body().startsWith("#EXTM3U") && master.body().contains("#EXT-X-STREAM-INF"), master.body());

        Upload other = rend.upload(fixture, "video/mp4");
        List<UUID> listed = new ArrayList<>();
        for (Asset each : rend.assets(1)) {
            listed.add(each.getAssetId());
        }
        int newer = listed.indexOf(other.getAssetId());
        int older = listed.indexOf(upload.getAssetId());
        assertTrue(newer >= 0 && older > newer, "newest first, both listed: " + listed);
        assertEquals(listed.size(), new HashSet<>(listed).size(), "pagination repeated an asset");

        assertEquals(upload.getAssetId(), rend.deleteAsset(upload.getAssetId()).getAssetId());
        rend.deleteAsset(other.getAssetId());
        RendException refused = assertThrows(RendException.class, () -> rend.getPlayback(upload.getAssetId()));
        assertEquals(404, refused.status());
        assertEquals("asset_not_found", refused.code());
    }

    @Test
    void aBadKeyThrowsATypedExceptionWithTheCode() {
        Rend rend = Rend.builder().apiKey("not-a-key").build();
        RendException refused = assertThrows(RendException.class, () -> rend.listAssets(null, null));
        assertEquals(401, refused.status());
        assertEquals("unauthorized", refused.code());
        assertFalse(refused.errorMessage().isEmpty());
    }

    @Test
    void aNonVideoUploadThrowsNotAVideo(@TempDir Path dir) throws IOException {
        Path notes = dir.resolve("notes.mp4");
        Files.writeString(notes, "these are not the bytes of a video\n".repeat(100));
        RendException refused = assertThrows(RendException.class, () -> Rend.fromEnvironment().upload(notes, "video/mp4"));
        assertEquals(422, refused.status());
        assertEquals("not_a_video", refused.code());
    }

    /** The fixture's first 4 KiB: MP4 boxes the API's sniff accepts, too little for the worker. */
    @Test
    void waitUntilPlayableThrowsAssetFailedWithTheFailureCodeWhenProcessingFails(@TempDir Path dir) throws IOException {
        Path truncated = dir.resolve("truncated.mp4");
        try (InputStream in = Files.newInputStream(fixture)) {
            Files.write(truncated, in.readNBytes(4096));
        }
        Rend rend = Rend.fromEnvironment();
        Upload upload = rend.upload(truncated, "video/mp4");
        try {
            AssetFailedException failed = assertThrows(AssetFailedException.class,
                    () -> rend.waitUntilPlayable(upload.getAssetId(), PlayableState.OPENER_READY, Duration.ofMinutes(5)));
            System.out.println("failed with " + failed.code() + ": " + failed.getMessage());
            assertEquals(rend.getAsset(upload.getAssetId()).getFailure().getCode().getValue(), failed.code());
        } finally {
            rend.deleteAsset(upload.getAssetId());
        }
    }

    /**
     * A loopback TCP relay in front of Rend cuts the first event-stream connection right after its
     * first event frame; the subscription must reconnect with Last-Event-ID and lose or repeat nothing.
     */
    @Test
    void theSubscriptionResumesWithLastEventIdAfterTheConnectionBreaks() throws Exception {
        Rend rend = Rend.fromEnvironment();
        URI api = URI.create(System.getenv("REND_API_URL"));
        Upload upload = rend.upload(fixture, "video/mp4");
        try (ServerSocket relay = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            AtomicBoolean cutDone = new AtomicBoolean();
            Thread acceptor = new Thread(() -> relay(relay, api, cutDone), "relay");
            acceptor.setDaemon(true);
            acceptor.start();
            Rend through = Rend.builder().baseUrl("http://127.0.0.1:" + relay.getLocalPort()).build();
            List<String> seen = new ArrayList<>();
            int connections;
            try (EventSubscription subscription = through.events(upload.getAssetId(), 0L, null)) {
                while (true) {
                    ServerEvent event = subscription.next();
                    seen.add(event.sequence() + " " + event.eventType());
                    if (event.eventType().equals("asset.hls_ready") || event.eventType().equals("asset.failed")) {
                        break;
                    }
                }
                connections = subscription.connections();
            }
            assertTrue(connections >= 2, "the relay did not cut the first connection");
            List<String> logged = new ArrayList<>();
            for (Event event : rend.assetEvents(upload.getAssetId(), 100)) {
                logged.add(event.getSequence() + " " + event.getEventType().getValue());
            }
            assertEquals(logged.subList(0, seen.size()), seen);
            assertTrue(seen.get(seen.size() - 1).endsWith("asset.hls_ready"), seen.toString());
        } finally {
            rend.deleteAsset(upload.getAssetId());
        }
    }

    private static void relay(ServerSocket relay, URI api, AtomicBoolean cutDone) {
        while (!relay.isClosed()) {
            try {
                Socket client = relay.accept();
                Socket upstream = new Socket(api.getHost(), api.getPort());
                boolean cut = cutDone.compareAndSet(false, true);
                pump(client.getInputStream(), upstream.getOutputStream(), client, upstream, false);
                pump(upstream.getInputStream(), client.getOutputStream(), client, upstream, cut);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void pump(InputStream in, OutputStream out, Socket a, Socket b, boolean cut) {
        Thread thread = new Thread(() -> {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 << 10];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    if (cut) {
                        seen.write(buffer, 0, n);
                        String text = seen.toString(StandardCharsets.UTF_8);
                        int at = text.indexOf("id:");
                        if (at >= 0 && text.indexOf("\n\n", at) >= 0) {
                            break;
                        }
                    }
                }
            } catch (IOException ignored) {
                // the other side closed
            }
            try {
                a.close();
                b.close();
            } catch (IOException ignored) {
                // closing
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** A loopback server that answers 429 with Retry-After: 1 to everything. */
    @Test
    void retries429HonouringRetryAfterThenThrowsIt() throws IOException {
        List<Long> times = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            times.add(System.nanoTime());
            byte[] body = "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(429, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Rend rend = Rend.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).apiKey("k")
                    .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofSeconds(30))).build();
            RendException refused = assertThrows(RendException.class, () -> rend.getAsset(UUID.randomUUID()));
            assertEquals(429, refused.status());
            assertEquals("rate_limited", refused.code());
            assertEquals(Duration.ofSeconds(1), refused.retryAfter().orElseThrow());
        } finally {
            server.stop(0);
        }
        assertEquals(3, times.size());
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i) - times.get(i - 1) >= 950_000_000L, "retried before Retry-After");
        }
    }

    /**
     * The test JVM runs with the heap flags in pom.xml ({@code test.jvm.args}, e.g. -Xmx64m): RSS
     * counts the heap the JVM touched, so a whole-file buffer would show.
     */
    @Test
    void uploads100MBStreamedFromDiskWithPeakRssUnder32MBAboveIdle(@TempDir Path dir) throws IOException {
        long total = 100L << 20;
        Path big = dir.resolve("big.mp4");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] head = Files.readAllBytes(fixture); // real MP4 boxes first: the sniff accepts it, the encode fails later
            out.write(head);
            byte[] chunk = new byte[1 << 20];
            Random random = new Random(7);
            for (long written = head.length; written < total; ) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, total - written);
                out.write(chunk, 0, n);
                written += n;
            }
        }
        Rend rend = Rend.fromEnvironment();
        rend.deleteAsset(rend.upload(fixture, "video/mp4").getAssetId()); // idle means warm: the upload path has run once
        System.gc();
        resetPeakRss();
        long idle = statusKiB("VmRSS");
        long started = System.nanoTime();
        Upload upload = rend.upload(big, "video/mp4");
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = statusKiB("VmHWM");
        try {
            System.out.printf("RSS {\"sdk\": \"java\", \"jvm\": \"%s\", \"bytes\": %d, \"seconds\": %.2f, \"idle_rss_kib\": %d, "
                            + "\"peak_rss_kib\": %d, \"peak_minus_idle_kib\": %d}%n",
                    System.getenv("REND_TEST_JVM_ARGS"), total, seconds, idle, peak, peak - idle);
            assertEquals(total, upload.getSourceByteSize());
            assertTrue(peak - idle < 32 * 1024, "peak RSS " + (peak - idle) + " KiB above idle");
        } finally {
            rend.deleteAsset(upload.getAssetId());
        }
    }

    /** "5" resets VmHWM to the current RSS (Linux >= 4.0); if refused, VmHWM keeps earlier peaks: stricter. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException refused) {
            // stricter, not looser
        }
    }

    private static long statusKiB(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(field + " not in /proc/self/status");
    }
}
