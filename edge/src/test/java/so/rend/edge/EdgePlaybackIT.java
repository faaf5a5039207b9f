package so.rend.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.edge.EdgeTestEnvironment.RunningEdge;
import so.rend.playback.PlaybackKey;
import so.rend.playback.PlaybackPath;
import so.rend.playback.PlaybackTokens;

/**
 * rend-edge over real HTTP against a real S3 wire-protocol origin (S3Proxy), with a counting and
 * throttling TCP proxy between them to see every origin GET.
 */
class EdgePlaybackIT {

    private static EdgeTestEnvironment env;

    @BeforeAll
    static void start() throws Exception {
        env = new EdgeTestEnvironment();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    /**
     * Each test that slows or silences the origin gets it back to normal here, whatever happened.
     */
    @AfterEach
    void restoreOrigin() {
        env.proxy.throttle(0);
        env.proxy.blackhole(false);
    }

    @Test
    void badTokensAndPathsAreRefusedBeforeAnyCacheOrOriginAccess(@TempDir Path cache)
            throws Exception {
        UUID asset = UUID.randomUUID();
        env.publish(asset, "hls/master.m3u8", 500);
        int originGetsBefore = env.proxy.objectGets();
        String good = EdgeTestEnvironment.ISSUER.issue(asset, Duration.ofMinutes(5)).token();
        String forged =
                new PlaybackTokens(
                                PlaybackKey.of("test-key", "not-the-real-secret-at-all-0000"),
                                List.of(),
                                Clock.systemUTC())
                        .issue(asset, Duration.ofMinutes(5))
                        .token();
        String wrongKeyId =
                new PlaybackTokens(
                                PlaybackKey.of("other-key", "test-playback-secret-0123456789"),
                                List.of(),
                                Clock.systemUTC())
                        .issue(asset, Duration.ofMinutes(5))
                        .token();
        String expired = EdgeTestEnvironment.expiredToken(asset);
        String otherAsset =
                EdgeTestEnvironment.ISSUER.issue(UUID.randomUUID(), Duration.ofMinutes(5)).token();

        try (RunningEdge edge = env.start(cache, Map.of())) {
            for (String token :
                    List.of(
                            forged,
                            wrongKeyId,
                            expired,
                            otherAsset,
                            "garbage",
                            "a.b.c",
                            "x".repeat(90))) {
                HttpResponse<byte[]> response =
                        edge.get(PlaybackPath.of(token, asset, "hls/master.m3u8"));
                assertThat(response.statusCode()).as(token).isEqualTo(403);
                assertThat(new String(response.body(), StandardCharsets.UTF_8))
                        .contains("\"code\":\"token_");
                assertThat(response.headers().firstValue("X-Rend-Cache")).isEmpty();
            }
            for (String path :
                    List.of(
                            "/p/" + good + "/" + asset + "/hls/../../" + asset + "/hls/master.m3u8",
                            "/p/" + good + "/" + asset + "/hls/%2e%2e/master.m3u8",
                            "/p/" + good + "/" + asset + "/hls%2fmaster.m3u8",
                            "/p/" + good + "/" + asset + "/hls%252fmaster.m3u8",
                            "/p/" + good + "/" + asset + "/source",
                            "/p/" + "y".repeat(5000) + "/" + asset + "/hls/master.m3u8",
                            "/p/"
                                    + good
                                    + "/"
                                    + asset.toString().toUpperCase()
                                    + "/hls/master.m3u8")) {
                HttpResponse<byte[]> response = edge.get(path);
                assertThat(response.statusCode()).as(path).isIn(400, 403, 404, 414, 431);
            }
            assertThat(env.proxy.objectGets()).isEqualTo(originGetsBefore);
            try (Stream<Path> files = Files.walk(cache)) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
            assertThat(edge.get(PlaybackPath.of(good, asset, "hls/master.m3u8")).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void coalescesSixtyFourColdRequestsIntoOneOriginFetch(@TempDir Path cache) throws Exception {
        UUID asset = UUID.randomUUID();
        byte[] segment = env.publish(asset, "hls/720p/segment_00007.m4s", 1_500_000);
        String url = EdgeTestEnvironment.url(asset, "hls/720p/segment_00007.m4s");
        // Slow enough that all 64 requests arrive while the one fill is still running.
        env.proxy.throttle(1_500_000);
        try (RunningEdge edge = env.start(cache, Map.of())) {
            List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                responses.add(
                        edge.http()
                                .sendAsync(
                                        HttpRequest.newBuilder(edge.baseUrl().resolve(url))
                                                .GET()
                                                .build(),
                                        HttpResponse.BodyHandlers.ofByteArray()));
            }
            List<String> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<byte[]>> future : responses) {
                HttpResponse<byte[]> response = future.get();
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(segment);
                statuses.add(response.headers().firstValue("X-Rend-Cache").orElseThrow());
            }
            env.proxy.throttle(0);

            assertThat(env.proxy.getsEndingWith("/videos/" + asset + "/hls/720p/segment_00007.m4s"))
                    .isEqualTo(1);
            assertThat(statuses.stream().filter("MISS"::equals)).hasSize(1);
            assertThat(statuses.stream().filter("COALESCED"::equals)).hasSize(63);
            HttpResponse<byte[]> later = edge.get(url);
            assertThat(later.headers().firstValue("X-Rend-Cache")).contains("HIT");
            assertThat(later.body()).isEqualTo(segment);
            assertThat(env.proxy.getsEndingWith("/videos/" + asset + "/hls/720p/segment_00007.m4s"))
                    .isEqualTo(1);
        }
    }

    @Test
    void streamsTheFirstBytesOfASlowFillLongBeforeItCompletes(@TempDir Path cache)
            throws Exception {
        UUID asset = UUID.randomUUID();
        byte[] big = env.publish(asset, "hls/1080p/segment_00042.m4s", 20_000_000);
        String url = EdgeTestEnvironment.url(asset, "hls/1080p/segment_00042.m4s");
        env.proxy.throttle(5_000_000);
        try (RunningEdge edge = env.start(cache, Map.of())) {
            long started = System.nanoTime();
            HttpResponse<InputStream> first =
                    edge.http()
                            .send(
                                    HttpRequest.newBuilder(edge.baseUrl().resolve(url)).build(),
                                    HttpResponse.BodyHandlers.ofInputStream());
            int firstByte;
            long leaderFirstByte;
            try (InputStream in = first.body()) {
                firstByte = in.read();
                leaderFirstByte = System.nanoTime() - started;
                // A viewer joining mid-fill streams too.
                long joined = System.nanoTime();
                HttpResponse<InputStream> second =
                        edge.http()
                                .send(
                                        HttpRequest.newBuilder(edge.baseUrl().resolve(url)).build(),
                                        HttpResponse.BodyHandlers.ofInputStream());
                byte[] secondBody;
                long waiterFirstByte;
                try (InputStream in2 = second.body()) {
                    int b = in2.read();
                    waiterFirstByte = System.nanoTime() - joined;
                    byte[] rest = in2.readAllBytes();
                    secondBody = new byte[rest.length + 1];
                    secondBody[0] = (byte) b;
                    System.arraycopy(rest, 0, secondBody, 1, rest.length);
                }
                byte[] rest = in.readAllBytes();
                long total = System.nanoTime() - started;

                assertThat(firstByte).isEqualTo(big[0] & 0xFF);
                assertThat(rest.length + 1).isEqualTo(big.length);
                assertThat(secondBody).isEqualTo(big);
                assertThat(second.headers().firstValue("X-Rend-Cache")).contains("COALESCED");
                assertThat(total).isGreaterThan(Duration.ofSeconds(3).toNanos());
                assertThat(leaderFirstByte)
                        .as("leader's first byte vs whole fill")
                        .isLessThan(total / 4);
                assertThat(waiterFirstByte)
                        .as("waiter's first byte vs whole fill")
                        .isLessThan(total / 4);
                System.out.printf(
                        "{\"object_bytes\": %d, \"fill_seconds\": %.2f, \"leader_first_byte_ms\": %.1f, "
                                + "\"waiter_first_byte_ms\": %.1f}%n",
                        big.length, total / 1e9, leaderFirstByte / 1e6, waiterFirstByte / 1e6);
            }
        }
    }

    @Test
    void beyondTheFillCapNewArtifactsGet503WhileWaitersStillJoin(@TempDir Path cache)
            throws Exception {
        UUID asset = UUID.randomUUID();
        for (int i = 0; i < 6; i++) {
            env.publish(asset, "hls/360p/segment_0010" + i + ".m4s", 400_000);
        }
        env.proxy.throttle(400_000);
        try (RunningEdge edge = env.start(cache, Map.of("REND_EDGE_MAX_IN_FLIGHT_FILLS", "2"))) {
            List<CompletableFuture<HttpResponse<byte[]>>> first = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                first.add(
                        async(
                                edge,
                                EdgeTestEnvironment.url(
                                        asset, "hls/360p/segment_0010" + i + ".m4s")));
            }
            Thread.sleep(300);
            List<HttpResponse<byte[]>> excess = new ArrayList<>();
            for (int i = 2; i < 6; i++) {
                excess.add(
                        edge.get(
                                EdgeTestEnvironment.url(
                                        asset, "hls/360p/segment_0010" + i + ".m4s")));
            }
            HttpResponse<byte[]> waiter =
                    async(edge, EdgeTestEnvironment.url(asset, "hls/360p/segment_00100.m4s")).get();

            for (HttpResponse<byte[]> response : excess) {
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).contains("1");
                assertThat(new String(response.body(), StandardCharsets.UTF_8))
                        .contains("edge_busy");
            }
            for (CompletableFuture<HttpResponse<byte[]>> response : first) {
                assertThat(response.get().statusCode()).isEqualTo(200);
            }
            assertThat(waiter.statusCode()).isEqualTo(200);
            assertThat(waiter.headers().firstValue("X-Rend-Cache")).contains("COALESCED");
            env.proxy.throttle(0);
            assertThat(
                            edge.get(EdgeTestEnvironment.url(asset, "hls/360p/segment_00105.m4s"))
                                    .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void whenTheOriginIsDownCachedArtifactsAreServedAndMissesGetClearErrors(@TempDir Path cache)
            throws Exception {
        UUID asset = UUID.randomUUID();
        byte[] opener = env.publish(asset, "opener.mp4", 300_000);
        byte[] segment = env.publish(asset, "hls/480p/segment_00009.m4s", 300_000);
        env.publish(asset, "hls/480p/segment_00010.m4s", 300_000);
        env.publish(asset, "hls/480p/segment_00011.m4s", 300_000);
        try (RunningEdge edge = env.start(cache, Map.of("REND_EDGE_ORIGIN_TIMEOUT_MS", "1000"))) {
            assertThat(edge.get(EdgeTestEnvironment.url(asset, "opener.mp4")).statusCode())
                    .isEqualTo(200);
            assertThat(
                            edge.get(EdgeTestEnvironment.url(asset, "hls/480p/segment_00009.m4s"))
                                    .statusCode())
                    .isEqualTo(200);

            env.proxy.blackhole(true);
            HttpResponse<byte[]> timeout =
                    edge.get(EdgeTestEnvironment.url(asset, "hls/480p/segment_00010.m4s"));
            env.proxy.blackhole(false);
            assertThat(timeout.statusCode()).isEqualTo(504);
            assertThat(new String(timeout.body(), StandardCharsets.UTF_8))
                    .contains("origin_timeout");

            try (RunningEdge isolated =
                    env.start(
                            cache,
                            Map.of(
                                    "REND_S3_ENDPOINT",
                                    "http://127.0.0.1:1",
                                    "REND_EDGE_ORIGIN_TIMEOUT_MS",
                                    "2000"))) {
                HttpResponse<byte[]> cachedInRam =
                        isolated.get(EdgeTestEnvironment.url(asset, "opener.mp4"));
                assertThat(cachedInRam.statusCode()).isEqualTo(200);
                assertThat(cachedInRam.body()).isEqualTo(opener);
                HttpResponse<byte[]> cachedOnDisk =
                        isolated.get(EdgeTestEnvironment.url(asset, "hls/480p/segment_00009.m4s"));
                assertThat(cachedOnDisk.statusCode()).isEqualTo(200);
                assertThat(cachedOnDisk.body()).isEqualTo(segment);
                assertThat(cachedOnDisk.headers().firstValue("X-Rend-Cache")).contains("HIT");
                // Refused connections are 502 origin_unavailable, unless the retry outlasts the
                // origin timeout on a loaded machine: then 504 origin_timeout. Either is a clear
                // answer.
                HttpResponse<byte[]> miss =
                        isolated.get(EdgeTestEnvironment.url(asset, "hls/480p/segment_00011.m4s"));
                assertOriginDown(miss);
                assertOriginDown(
                        isolated.get(EdgeTestEnvironment.url(UUID.randomUUID(), "opener.mp4")));
            }
        }
    }

    @Test
    void aBackupOriginServesWhenThePrimaryIsDownWithoutShowingEitherAddress(@TempDir Path cache) {
        UUID asset = UUID.randomUUID();
        byte[] bytes = new byte[12_345];
        new java.util.Random(3).nextBytes(bytes);
        env.backup.putBytes("videos/" + asset + "/thumbnail.jpg", "image/jpeg", bytes).block();
        try (RunningEdge edge =
                env.start(
                        cache,
                        Map.of(
                                "REND_S3_ENDPOINT",
                                "http://127.0.0.1:1",
                                "REND_EDGE_BACKUP_S3_BUCKET",
                                EdgeTestEnvironment.BACKUP_BUCKET))) {
            HttpResponse<byte[]> response =
                    edge.get(EdgeTestEnvironment.url(asset, "thumbnail.jpg"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(bytes);
            assertThat(response.headers().firstValue("content-type")).contains("image/jpeg");
            assertThat(response.headers().map().toString())
                    .doesNotContain("127.0.0.1")
                    .doesNotContain(EdgeTestEnvironment.BACKUP_BUCKET);
        }
    }

    @Test
    void afterARestartDiskCachedArtifactsAreHitsWithoutOriginTraffic(@TempDir Path cache) {
        UUID asset = UUID.randomUUID();
        byte[] segment = env.publish(asset, "hls/720p/segment_00020.m4s", 700_000);
        String url = EdgeTestEnvironment.url(asset, "hls/720p/segment_00020.m4s");
        try (RunningEdge edge = env.start(cache, Map.of())) {
            assertThat(edge.get(url).headers().firstValue("X-Rend-Cache")).contains("MISS");
        }
        int gets = env.proxy.getsEndingWith("/segment_00020.m4s");

        try (RunningEdge restarted = env.start(cache, Map.of())) {
            HttpResponse<byte[]> response = restarted.get(url);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Rend-Cache")).contains("HIT");
            assertThat(response.body()).isEqualTo(segment);
            assertThat(response.headers().firstValue("etag")).isPresent();
        }
        assertThat(env.proxy.getsEndingWith("/segment_00020.m4s")).isEqualTo(gets);
    }

    @Test
    void servesByteRangesFromEveryTier(@TempDir Path cache) {
        UUID asset = UUID.randomUUID();
        byte[] opener = env.publish(asset, "opener.mp4", 100_000);
        byte[] segment = env.publish(asset, "hls/720p/segment_00030.m4s", 100_000);
        try (RunningEdge edge = env.start(cache, Map.of())) {
            HttpResponse<byte[]> miss =
                    edge.get(EdgeTestEnvironment.url(asset, "opener.mp4"), "Range", "bytes=10-19");
            assertThat(miss.statusCode()).isEqualTo(206);
            assertThat(miss.headers().firstValue("X-Rend-Cache")).contains("MISS");
            assertThat(miss.headers().firstValue("content-range")).contains("bytes 10-19/100000");
            assertThat(miss.body()).isEqualTo(java.util.Arrays.copyOfRange(opener, 10, 20));

            HttpResponse<byte[]> ram =
                    edge.get(EdgeTestEnvironment.url(asset, "opener.mp4"), "Range", "bytes=-5");
            assertThat(ram.statusCode()).isEqualTo(206);
            assertThat(ram.body()).isEqualTo(java.util.Arrays.copyOfRange(opener, 99_995, 100_000));

            edge.get(EdgeTestEnvironment.url(asset, "hls/720p/segment_00030.m4s"));
            HttpResponse<byte[]> disk =
                    edge.get(
                            EdgeTestEnvironment.url(asset, "hls/720p/segment_00030.m4s"),
                            "Range",
                            "bytes=99990-");
            assertThat(disk.statusCode()).isEqualTo(206);
            assertThat(disk.headers().firstValue("X-Rend-Cache")).contains("HIT");
            assertThat(disk.body())
                    .isEqualTo(java.util.Arrays.copyOfRange(segment, 99_990, 100_000));

            HttpResponse<byte[]> unsatisfiable =
                    edge.get(
                            EdgeTestEnvironment.url(asset, "opener.mp4"), "Range", "bytes=200000-");
            assertThat(unsatisfiable.statusCode()).isEqualTo(416);
            assertThat(unsatisfiable.headers().firstValue("content-range"))
                    .contains("bytes */100000");

            HttpResponse<byte[]> whole = edge.get(EdgeTestEnvironment.url(asset, "opener.mp4"));
            assertThat(whole.headers().firstValue("content-type")).contains("video/mp4");
            assertThat(whole.headers().firstValue("content-length")).contains("100000");
            assertThat(whole.headers().firstValue("cache-control")).isPresent();
            assertThat(whole.headers().firstValue("access-control-allow-origin")).contains("*");
        }
    }

    /**
     * A player that has every byte closes its connection and asks again at once, often while the
     * fill is still committing to the cache: every answer must still be whole. (Regression: the
     * closing viewer's registration on the fill was released twice, so the fill's file closed under
     * the next viewer, who got headers and no body.)
     */
    @Test
    void aViewerThatClosesRightAfterTheLastByteLeavesTheFillWholeForTheNext(@TempDir Path cache)
            throws Exception {
        try (RunningEdge edge = env.start(cache, Map.of())) {
            for (int i = 0; i < 40; i++) {
                UUID asset = UUID.randomUUID();
                byte[] segment = env.publish(asset, "hls/720p/segment_00010.m4s", 1_250_000);
                String path = EdgeTestEnvironment.url(asset, "hls/720p/segment_00010.m4s");
                for (int attempt = 0; attempt < 3; attempt++) {
                    assertThat(getAndClose(edge, path))
                            .as("asset %d, request %d", i, attempt)
                            .isEqualTo(segment);
                }
            }
        }
    }

    /**
     * GET on a new connection; reads exactly Content-Length bytes and closes at once, as players
     * do.
     */
    private static byte[] getAndClose(RunningEdge edge, String path) throws Exception {
        try (java.net.Socket socket =
                new java.net.Socket(edge.baseUrl().getHost(), edge.baseUrl().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(
                            ("GET " + path + " HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            java.io.DataInputStream in =
                    new java.io.DataInputStream(
                            new java.io.BufferedInputStream(socket.getInputStream()));
            long length = -1;
            String status = readLine(in);
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).trim());
                }
            }
            assertThat(status).startsWith("HTTP/1.1 200");
            byte[] body = new byte[(int) length];
            in.readFully(body);
            return body;
        }
    }

    private static String readLine(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed in the headers");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /**
     * What players and browsers rely on: HEAD from every tier, CORS preflight, the method rule,
     * headers.
     */
    @Test
    void headCorsAndMethodsBehaveAsPlayersExpect(@TempDir Path cache) {
        UUID asset = UUID.randomUUID();
        env.publish(asset, "hls/720p/playlist.m3u8", 1_200);
        env.publish(asset, "hls/720p/segment_00010.m4s", 50_000);
        try (RunningEdge edge = env.start(cache, Map.of())) {
            String playlist = EdgeTestEnvironment.url(asset, "hls/720p/playlist.m3u8");
            String segment = EdgeTestEnvironment.url(asset, "hls/720p/segment_00010.m4s");

            HttpResponse<byte[]> headMiss = edge.send(head(edge, segment));
            assertThat(headMiss.statusCode()).isEqualTo(200);
            assertThat(headMiss.headers().firstValue("X-Rend-Cache")).contains("MISS");
            assertThat(headMiss.headers().firstValue("content-length")).contains("50000");
            assertThat(headMiss.body()).isEmpty();

            HttpResponse<byte[]> get = edge.get(playlist);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValue("content-type"))
                    .contains("application/vnd.apple.mpegurl");
            assertThat(get.headers().firstValue("accept-ranges")).contains("bytes");
            assertThat(get.headers().firstValue("etag"))
                    .hasValueSatisfying(e -> assertThat(e).startsWith("\"").endsWith("\""));
            assertThat(get.headers().firstValue("access-control-allow-origin")).contains("*");
            assertThat(get.headers().firstValue("access-control-expose-headers"))
                    .hasValueSatisfying(
                            h -> assertThat(h).contains("Content-Range").contains("X-Rend-Cache"));
            for (String hitUrl : List.of(playlist, segment)) {
                HttpResponse<byte[]> headHit = edge.send(head(edge, hitUrl));
                assertThat(headHit.statusCode()).isEqualTo(200);
                assertThat(headHit.headers().firstValue("X-Rend-Cache")).contains("HIT");
                assertThat(headHit.headers().firstValue("content-length"))
                        .contains(hitUrl.equals(playlist) ? "1200" : "50000");
                assertThat(headHit.body()).isEmpty();
            }
            HttpResponse<byte[]> segmentGet = edge.get(segment);
            assertThat(segmentGet.headers().firstValue("content-type"))
                    .contains("video/iso.segment");
            assertThat(segmentGet.body()).hasSize(50_000);

            HttpResponse<byte[]> preflight =
                    edge.send(
                            HttpRequest.newBuilder(edge.baseUrl().resolve(segment))
                                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                    .header("Origin", "https://player.example")
                                    .header("Access-Control-Request-Headers", "range")
                                    .build());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("access-control-allow-origin")).contains("*");
            assertThat(preflight.headers().firstValue("access-control-allow-methods"))
                    .contains("GET, HEAD, OPTIONS");
            assertThat(preflight.headers().firstValue("access-control-allow-headers"))
                    .contains("Range");

            HttpResponse<byte[]> post =
                    edge.send(
                            HttpRequest.newBuilder(edge.baseUrl().resolve(segment))
                                    .POST(HttpRequest.BodyPublishers.ofString("x"))
                                    .build());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("allow")).contains("GET, HEAD, OPTIONS");
            assertThat(new String(post.body(), StandardCharsets.UTF_8))
                    .contains("\"code\":\"method_not_allowed\"");

            HttpResponse<byte[]> withQuery = edge.get(playlist + "?session=abc");
            assertThat(withQuery.statusCode())
                    .as("a query string does not change the artifact")
                    .isEqualTo(200);
            assertThat(withQuery.body()).hasSize(1_200);
        }
    }

    private static HttpRequest head(RunningEdge edge, String path) {
        return HttpRequest.newBuilder(edge.baseUrl().resolve(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
    }

    @Test
    void warmFillsAheadAndPurgeDropsTheCachedFilesBehindTheInternalToken(@TempDir Path cache)
            throws Exception {
        UUID asset = UUID.randomUUID();
        env.publish(asset, "opener.mp4", 50_000);
        env.publish(asset, "hls/master.m3u8", 300);
        try (RunningEdge edge = env.start(cache, Map.of())) {
            String body =
                    "{\"asset_id\":\""
                            + asset
                            + "\",\"artifact_paths\":[\"opener.mp4\",\"hls/master.m3u8\"]}";
            assertThat(edge.post("/internal/warm", body, false).statusCode()).isEqualTo(401);
            HttpResponse<byte[]> warmed = edge.post("/internal/warm", body, true);
            assertThat(warmed.statusCode()).isEqualTo(200);
            assertThat(new String(warmed.body(), StandardCharsets.UTF_8))
                    .contains("\"opener.mp4\":\"filled\"");
            int gets = env.proxy.getsEndingWith("/videos/" + asset + "/opener.mp4");

            assertThat(
                            edge.get(EdgeTestEnvironment.url(asset, "opener.mp4"))
                                    .headers()
                                    .firstValue("X-Rend-Cache"))
                    .contains("HIT");
            assertThat(env.proxy.getsEndingWith("/videos/" + asset + "/opener.mp4"))
                    .isEqualTo(gets);
            assertThat(cache.resolve(asset + "/hls/master.m3u8")).exists();

            assertThat(
                            edge.post("/internal/purge", "{\"asset_id\":\"" + asset + "\"}", false)
                                    .statusCode())
                    .isEqualTo(401);
            HttpResponse<byte[]> purged =
                    edge.post("/internal/purge", "{\"asset_id\":\"" + asset + "\"}", true);
            assertThat(new String(purged.body(), StandardCharsets.UTF_8)).contains("\"purged\":2");
            assertThat(cache.resolve(asset + "/hls/master.m3u8")).doesNotExist();
            assertThat(cache.resolve(asset + "/opener.mp4")).doesNotExist();
            assertThat(
                            edge.get(EdgeTestEnvironment.url(asset, "opener.mp4"))
                                    .headers()
                                    .firstValue("X-Rend-Cache"))
                    .contains("MISS");

            assertThat(
                            edge.post(
                                            "/internal/warm",
                                            "{\"asset_id\":\""
                                                    + asset
                                                    + "\",\"artifact_paths\":[\"../x\"]}",
                                            true)
                                    .statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void aRevokedAssetsIssuedUrlsStopWorkingAndStayRefusedAfterARestart(@TempDir Path cache) {
        UUID asset = UUID.randomUUID();
        env.publish(asset, "hls/master.m3u8", 400);
        String url = EdgeTestEnvironment.url(asset, "hls/master.m3u8");
        String until = Instant.now().plusSeconds(3600).toString();
        try (RunningEdge edge = env.start(cache, Map.of())) {
            assertThat(edge.get(url).statusCode()).isEqualTo(200);
            HttpResponse<byte[]> purged =
                    edge.post(
                            "/internal/purge",
                            "{\"asset_id\":\"" + asset + "\",\"revoke_until\":\"" + until + "\"}",
                            true);
            assertThat(purged.statusCode()).isEqualTo(200);

            HttpResponse<byte[]> refused = edge.get(url);
            assertThat(refused.statusCode()).isEqualTo(410);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8))
                    .contains("asset_deleted");
            assertThat(cache.resolve(asset + "/hls/master.m3u8")).doesNotExist();

            // A warm that arrives after the deletion (the worker's, racing it) is refused unread.
            int gets = env.proxy.getsEndingWith("/videos/" + asset + "/hls/master.m3u8");
            HttpResponse<byte[]> warmed =
                    edge.post(
                            "/internal/warm",
                            "{\"asset_id\":\""
                                    + asset
                                    + "\",\"artifact_paths\":[\"hls/master.m3u8\"]}",
                            true);
            assertThat(warmed.statusCode()).isEqualTo(200);
            assertThat(new String(warmed.body(), StandardCharsets.UTF_8))
                    .contains("\"hls/master.m3u8\":\"revoked\"");
            assertThat(env.proxy.getsEndingWith("/videos/" + asset + "/hls/master.m3u8"))
                    .isEqualTo(gets);
            assertThat(cache.resolve(asset + "/hls/master.m3u8")).doesNotExist();
        }
        try (RunningEdge restarted = env.start(cache, Map.of())) {
            assertThat(restarted.get(url).statusCode()).isEqualTo(410);
        }
    }

    @Test
    void anEdgeCatchesUpOnDeletionsFromItsHeartbeatAnswer(@TempDir Path cache) throws Exception {
        UUID deleted = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        env.publish(deleted, "opener.mp4", 1_000);
        env.publish(alive, "opener.mp4", 1_000);
        com.sun.net.httpserver.HttpServer controlPlane =
                com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        List<String> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
        controlPlane.createContext(
                "/internal/edges/heartbeat",
                exchange -> {
                    beats.add(
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8));
                    byte[] answer =
                            ("{\"status\":\"registered\",\"revoked_assets\":[{\"asset_id\":\""
                                            + deleted
                                            + "\",\"until\":\""
                                            + Instant.now().plusSeconds(600)
                                            + "\"}]}")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, answer.length);
                    exchange.getResponseBody().write(answer);
                    exchange.close();
                });
        controlPlane.start();
        try (RunningEdge edge =
                env.start(
                        cache,
                        Map.of(
                                "REND_CONTROL_PLANE_URL",
                                "http://127.0.0.1:" + controlPlane.getAddress().getPort(),
                                "REND_EDGE_HEARTBEAT_SECS",
                                "1"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (edge.get(EdgeTestEnvironment.url(deleted, "opener.mp4")).statusCode() != 410
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(edge.get(EdgeTestEnvironment.url(deleted, "opener.mp4")).statusCode())
                    .isEqualTo(410);
            assertThat(edge.get(EdgeTestEnvironment.url(alive, "opener.mp4")).statusCode())
                    .isEqualTo(200);
            assertThat(beats.get(0))
                    .contains("\"edge_id\"")
                    .contains("\"public_url\"")
                    .doesNotContain(EdgeTestEnvironment.INTERNAL_TOKEN);
        } finally {
            controlPlane.stop(0);
        }
    }

    @Test
    void aPurgeDuringAFillKeepsThatFillOutOfTheCache(@TempDir Path cache) throws Exception {
        UUID asset = UUID.randomUUID();
        byte[] segment = env.publish(asset, "hls/720p/segment_00050.m4s", 2_000_000);
        String url = EdgeTestEnvironment.url(asset, "hls/720p/segment_00050.m4s");
        env.proxy.throttle(1_000_000);
        try (RunningEdge edge = env.start(cache, Map.of())) {
            CompletableFuture<HttpResponse<byte[]>> viewer = async(edge, url);
            Thread.sleep(500);
            HttpResponse<byte[]> purged =
                    edge.post("/internal/purge", "{\"asset_id\":\"" + asset + "\"}", true);
            assertThat(purged.statusCode()).isEqualTo(200);

            HttpResponse<byte[]> during = viewer.get();
            assertThat(during.statusCode()).isEqualTo(200);
            assertThat(during.body()).isEqualTo(segment);
            env.proxy.throttle(0);
            Thread.sleep(200);
            assertThat(cache.resolve(asset + "/hls/720p/segment_00050.m4s")).doesNotExist();
            assertThat(edge.get(url).headers().firstValue("X-Rend-Cache")).contains("MISS");
        }
    }

    @Test
    void aKeepAliveConnectionKeepsAnsweringAMixOfFillsAndHits(@TempDir Path cache)
            throws Exception {
        UUID asset = UUID.randomUUID();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String segment = "hls/720p/segment_001" + String.format("%02d", i) + ".m4s";
            env.publish(asset, segment, 20_000);
            paths.add(
                    EdgeTestEnvironment.url(asset, segment)); // a fill, answered off the event loop
            paths.add(EdgeTestEnvironment.url(asset, segment)); // then a hit
            paths.add("/healthz");
        }
        try (RunningEdge edge = env.start(cache, Map.of())) {
            List<Integer> statuses =
                    so.rend.embedded.KeepAliveProbe.statuses(
                            "127.0.0.1", edge.baseUrl().getPort(), paths, Map.of(), 5_000);

            assertThat(statuses).hasSize(90).containsOnly(200);
        }
    }

    @Test
    void metricsNeedTheInternalTokenAndCountCacheOutcomes(@TempDir Path cache) {
        UUID asset = UUID.randomUUID();
        env.publish(asset, "thumbnail.jpg", 2_000);
        try (RunningEdge edge = env.start(cache, Map.of())) {
            edge.get(EdgeTestEnvironment.url(asset, "thumbnail.jpg"));
            edge.get(EdgeTestEnvironment.url(asset, "thumbnail.jpg"));

            assertThat(edge.get("/metrics").statusCode()).isEqualTo(404);
            assertThat(edge.internalGet("/metrics").statusCode()).isEqualTo(401);
            HttpResponse<byte[]> metrics =
                    edge.internalGet(
                            "/metrics",
                            "authorization",
                            "Bearer " + EdgeTestEnvironment.INTERNAL_TOKEN);
            String text = new String(metrics.body(), StandardCharsets.UTF_8);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(text)
                    .contains("rend_edge_requests_total")
                    .contains("cache=\"HIT\"")
                    .contains("cache=\"MISS\"")
                    .contains("rend_edge_bytes_served_bytes_total")
                    .contains("rend_edge_origin_latency_seconds")
                    .contains("rend_edge_fills_total");
            assertThat(edge.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(edge.get("/readyz").statusCode()).isEqualTo(200);
        }
    }

    private static void assertOriginDown(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).isIn(502, 504);
        assertThat(body)
                .contains(response.statusCode() == 502 ? "origin_unavailable" : "origin_timeout");
    }

    private static CompletableFuture<HttpResponse<byte[]>> async(RunningEdge edge, String url) {
        return edge.http()
                .sendAsync(
                        HttpRequest.newBuilder(edge.baseUrl().resolve(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }
}
