package so.rend.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.clickhouse.DuckDbPlaybackEvents;
import so.rend.edge.EdgeTestEnvironment.RunningEdge;
import so.rend.playback.PlaybackPath;

/**
 * rend-edge serving HTTPS (HTTP/2 and HTTP/1.1 by ALPN) from a certificate laid out as a mounted
 * Kubernetes Secret, issued by a throw-away test CA, against a real S3 wire-protocol origin
 * (S3Proxy); the client is the JDK's HttpClient trusting that CA only.
 */
class EdgeTlsIT {

    private static final TestCertificateAuthority CA = new TestCertificateAuthority();
    private static final List<HttpClient.Version> VERSIONS =
            List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2);

    @AutoClose private static final EdgeTestEnvironment env = EdgeTestEnvironment.create();

    @Test
    void servesSignedPlaybackOverHttp2AndHttp11FromRamAndDisk(
            @TempDir Path cache, @TempDir Path secret) throws Exception {
        UUID asset = UUID.randomUUID();
        // A playlist belongs in the RAM tier; a late segment only on disk (sent as a file).
        byte[] playlist = env.publish(asset, "hls/master.m3u8", 700);
        byte[] segment = env.publish(asset, "hls/720p/segment_00042.m4s", 300_000);
        String playlistUrl = EdgeTestEnvironment.url(asset, "hls/master.m3u8");
        String segmentUrl = EdgeTestEnvironment.url(asset, "hls/720p/segment_00042.m4s");
        TestCertificateAuthority.Issued leaf = CA.issueLoopback(1001);
        SecretVolume volume = new SecretVolume(secret, leaf.certificatePem(), leaf.keyPem());

        try (RunningEdge edge = env.start(cache, tls(volume))) {
            assertThat(edge.baseUrl().getScheme()).isEqualTo("https");
            for (HttpClient.Version version : VERSIONS) {
                HttpClient client = client(version);
                for (String url : List.of(playlistUrl, segmentUrl)) {
                    // First a fill (or a hit from the other version's fill), then a cache hit.
                    for (int i = 0; i < 2; i++) {
                        HttpResponse<byte[]> response = get(client, edge, url);
                        assertThat(response.statusCode()).as(version + " " + url).isEqualTo(200);
                        assertThat(response.version()).isEqualTo(version);
                        assertThat(response.body())
                                .isEqualTo(url.equals(playlistUrl) ? playlist : segment);
                        assertThat(servedCertificate(response).getSerialNumber())
                                .isEqualTo(leaf.serial());
                    }
                    HttpResponse<byte[]> hit = get(client, edge, url);
                    assertThat(hit.headers().firstValue("X-Rend-Cache")).contains("HIT");
                }
                // A ranged disk hit goes through the same file path with a position and count.
                HttpResponse<byte[]> range =
                        client.send(
                                HttpRequest.newBuilder(edge.baseUrl().resolve(segmentUrl))
                                        .header("Range", "bytes=1000-70999")
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                assertThat(range.statusCode()).isEqualTo(206);
                assertThat(range.version()).isEqualTo(version);
                assertThat(range.body())
                        .isEqualTo(java.util.Arrays.copyOfRange(segment, 1000, 71000));
            }
            assertThat(cache.resolve(asset + "/hls/720p/segment_00042.m4s")).exists();
            // The internal listener is its own server and stays plain HTTP.
            assertThat(edge.internalUrl().getScheme()).isEqualTo("http");
            assertThat(edge.internalGet("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesUnsignedAndExpiredUrlsOverHttpsWithTheUsualErrorCodes(
            @TempDir Path cache, @TempDir Path secret) throws Exception {
        UUID asset = UUID.randomUUID();
        env.publish(asset, "hls/master.m3u8", 500);
        String expired = EdgeTestEnvironment.expiredToken(asset);
        TestCertificateAuthority.Issued leaf = CA.issueLoopback(2001);
        SecretVolume volume = new SecretVolume(secret, leaf.certificatePem(), leaf.keyPem());

        try (RunningEdge edge = env.start(cache, tls(volume))) {
            for (HttpClient.Version version : VERSIONS) {
                HttpClient client = client(version);
                HttpResponse<byte[]> unsigned =
                        get(client, edge, PlaybackPath.of("garbage", asset, "hls/master.m3u8"));
                assertThat(unsigned.statusCode()).isEqualTo(403);
                assertThat(unsigned.version()).isEqualTo(version);
                assertThat(new String(unsigned.body(), StandardCharsets.UTF_8))
                        .contains("\"code\":\"token_invalid\"");

                HttpResponse<byte[]> late =
                        get(client, edge, PlaybackPath.of(expired, asset, "hls/master.m3u8"));
                assertThat(late.statusCode()).isEqualTo(403);
                assertThat(new String(late.body(), StandardCharsets.UTF_8))
                        .contains("\"code\":\"token_expired\"");
                assertThat(late.headers().firstValue("X-Rend-Cache")).isEmpty();
            }
        }
    }

    @Test
    void picksUpARenewedSecretWithoutARestartAndKeepsServingThroughABadOne(
            @TempDir Path cache, @TempDir Path secret) throws Exception {
        UUID asset = UUID.randomUUID();
        byte[] playlist = env.publish(asset, "hls/master.m3u8", 600);
        String url = EdgeTestEnvironment.url(asset, "hls/master.m3u8");
        TestCertificateAuthority.Issued first = CA.issueLoopback(3001);
        SecretVolume volume = new SecretVolume(secret, first.certificatePem(), first.keyPem());

        try (RunningEdge edge = env.start(cache, tls(volume))) {
            assertThat(servedSerial(edge)).isEqualTo(first.serial());

            // A renewal whose key does not match its certificate, then one that is not PEM at
            // all: neither may take the edge down or replace the certificate it serves.
            TestCertificateAuthority.Issued other = CA.issueLoopback(3002);
            TestCertificateAuthority.Issued stranger = CA.issueLoopback(3003);
            volume.update(other.certificatePem(), stranger.keyPem());
            Thread.sleep(QUIET_PERIOD.multipliedBy(3).toMillis());
            assertThat(servedSerial(edge)).isEqualTo(first.serial());
            volume.update("not a certificate", "not a key");
            Thread.sleep(QUIET_PERIOD.multipliedBy(3).toMillis());
            assertThat(servedSerial(edge)).isEqualTo(first.serial());

            TestCertificateAuthority.Issued renewed = CA.issueLoopback(3004);
            volume.update(renewed.certificatePem(), renewed.keyPem());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            BigInteger served = servedSerial(edge);
            while (!served.equals(renewed.serial()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                served = servedSerial(edge);
            }
            assertThat(served).isEqualTo(renewed.serial());
            for (HttpClient.Version version : VERSIONS) {
                HttpResponse<byte[]> response = get(client(version), edge, url);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.version()).isEqualTo(version);
                assertThat(response.body()).isEqualTo(playlist);
                assertThat(servedCertificate(response).getSerialNumber())
                        .isEqualTo(renewed.serial());
            }
        }
    }

    @Test
    void countsTheBytesItServedOverTlsInTelemetry(@TempDir Path cache, @TempDir Path secret)
            throws Exception {
        UUID asset = UUID.randomUUID();
        env.publish(asset, "hls/master.m3u8", 700);
        env.publish(asset, "hls/720p/segment_00042.m4s", 300_000);
        Path file = cache.resolveSibling(cache.getFileName() + "-analytics").resolve("tls.duckdb");
        TestCertificateAuthority.Issued leaf = CA.issueLoopback(4001);
        SecretVolume volume = new SecretVolume(secret, leaf.certificatePem(), leaf.keyPem());
        Map<String, String> settings = tls(volume);
        settings.put("REND_ANALYTICS_DUCKDB", file.toString());
        settings.put("REND_TELEMETRY_FLUSH_MS", "100");

        try (RunningEdge edge = env.start(cache, settings);
                DuckDbPlaybackEvents events = DuckDbPlaybackEvents.open(file)) {
            for (HttpClient.Version version : VERSIONS) {
                HttpClient client = client(version);
                for (String artifact : List.of("hls/master.m3u8", "hls/720p/segment_00042.m4s")) {
                    // The first one fills (or hits the other version's fill); the second is a hit
                    // from RAM or, for the segment, from disk.
                    for (int i = 0; i < 2; i++) {
                        assertThat(
                                        get(client, edge, EdgeTestEnvironment.url(asset, artifact))
                                                .statusCode())
                                .isEqualTo(200);
                    }
                }
            }
            EdgeTelemetryIT.await(
                    () -> rows(events, "SELECT count(*) FROM playback_events").equals(List.of("8")),
                    Duration.ofSeconds(60),
                    "8 events in DuckDB");
            assertThat(
                            rows(
                                    events,
                                    "SELECT artifact_path || ' ' || cache_status || ' '"
                                            + " || bytes_served FROM playback_events ORDER BY 1"))
                    .containsExactly(
                            "hls/720p/segment_00042.m4s HIT 300000",
                            "hls/720p/segment_00042.m4s HIT 300000",
                            "hls/720p/segment_00042.m4s HIT 300000",
                            "hls/720p/segment_00042.m4s MISS 300000",
                            "hls/master.m3u8 HIT 700",
                            "hls/master.m3u8 HIT 700",
                            "hls/master.m3u8 HIT 700",
                            "hls/master.m3u8 MISS 700");
        }
    }

    private static List<String> rows(DuckDbPlaybackEvents events, String sql) {
        try {
            return events.rows(sql).stream().map(row -> row[0]).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Boot waits this long after the last change before reloading (1 s here, 10 s by default). */
    private static final Duration QUIET_PERIOD = Duration.ofSeconds(1);

    private static Map<String, String> tls(SecretVolume volume) {
        Map<String, String> settings = new HashMap<>();
        settings.put("REND_EDGE_TLS_CERT_FILE", volume.certificateFile().toString());
        settings.put("REND_EDGE_TLS_KEY_FILE", volume.keyFile().toString());
        settings.put("spring.ssl.bundle.watch.file.quiet-period", QUIET_PERIOD.toMillis() + "ms");
        return settings;
    }

    /** A new client, so a new connection and handshake: pooled connections keep their session. */
    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder()
                .version(version)
                .sslContext(CA.clientContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static HttpResponse<byte[]> get(HttpClient client, RunningEdge edge, String path)
            throws Exception {
        return client.send(
                HttpRequest.newBuilder(edge.baseUrl().resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The serial of the certificate a new connection is handed (over a refusal: no origin). */
    private static BigInteger servedSerial(RunningEdge edge) throws Exception {
        HttpResponse<byte[]> response =
                get(client(HttpClient.Version.HTTP_2), edge, "/p/x/" + UUID.randomUUID() + "/a");
        assertThat(response.statusCode()).isIn(403, 404);
        return servedCertificate(response).getSerialNumber();
    }

    private static X509Certificate servedCertificate(HttpResponse<?> response) throws Exception {
        return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    }
}
