package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.api.assets.RawUpload.Answer;
import so.rend.objectstore.ObjectInfo;

/**
 * Stalled and surplus uploads through the real API on a real PostgreSQL and a real S3 wire-protocol
 * server (S3Proxy): an idle body is abandoned with nothing left behind, and the upload past the
 * concurrency bound is turned away before its body is read.
 */
class UploadBoundsIT {

    private static final String DEV_KEY = "dev-api-key";
    private static final long DECLARED = 100_000_000;

    @Test
    void aBodyThatStallsInItsFirstPartIsAbandonedAfterTheIdleTimeoutLeavingNothing()
            throws Exception {
        try (RunningApi api = ApiTestEnvironment.start(idleAfterTwoSeconds())) {
            Snapshot before = Snapshot.of(api);
            long started = System.nanoTime();
            Answer answer;
            Duration waited;
            boolean closed;
            try (RawUpload upload =
                    RawUpload.start(api, DEV_KEY, DECLARED, UploadApiIT.mp4Like(112))) {
                answer = upload.await(Duration.ofSeconds(20));
                waited = Duration.ofNanos(System.nanoTime() - started);
                closed = upload.closedByServer(Duration.ofSeconds(5));
            }

            assertThat(answer.status()).as(answer.body()).isEqualTo(408);
            assertThat(answer.errorCode()).isEqualTo("upload_idle_timeout");
            assertThat(answer.json().path("error").path("message").asString()).contains("2 s");
            assertThat(answer.headers()).containsEntry("connection", "close");
            assertThat(closed).isTrue();
            assertThat(waited).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(10));
            assertThat(Snapshot.of(api)).isEqualTo(before);
            assertThat(pendingMultipartUploads()).isEmpty();
            waitFor(() -> inFlight(api) == 0, Duration.ofSeconds(5));
            assertThat(outcomes(api, "upload_idle_timeout")).isEqualTo(1);
        }
    }

    @Test
    void aBodyThatStallsAfterItsMultipartUploadStartedIsAbandonedAndTheUploadAborted()
            throws Exception {
        try (RunningApi api = ApiTestEnvironment.start(idleAfterTwoSeconds())) {
            Snapshot before = Snapshot.of(api);
            Answer answer;
            try (RawUpload upload =
                    RawUpload.start(api, DEV_KEY, DECLARED, UploadApiIT.mp4Like(9 * 1024 * 1024))) {
                // The first 8 MiB part reaches the store as a multipart upload, then nothing more.
                waitFor(() -> !pendingMultipartUploads().isEmpty(), Duration.ofSeconds(20));
                answer = upload.await(Duration.ofSeconds(20));
            }

            assertThat(answer.status()).as(answer.body()).isEqualTo(408);
            assertThat(answer.errorCode()).isEqualTo("upload_idle_timeout");
            // Aborted before the answer was written, not some time after.
            assertThat(pendingMultipartUploads()).isEmpty();
            assertThat(Snapshot.of(api)).isEqualTo(before);
            waitFor(() -> inFlight(api) == 0, Duration.ofSeconds(5));
        }
    }

    @Test
    void theUploadPastTheBoundGets429WithRetryAfterBeforeItsBodyIsReadUntilASlotFrees()
            throws Exception {
        try (RunningApi api =
                ApiTestEnvironment.start(Map.of("REND_MAX_CONCURRENT_UPLOADS", "3"))) {
            Snapshot before = Snapshot.of(api);
            byte[] video = UploadApiIT.mp4Like(2_000);
            byte[] head = new byte[112];
            System.arraycopy(video, 0, head, 0, head.length);
            byte[] rest = new byte[video.length - head.length];
            System.arraycopy(video, head.length, rest, 0, rest.length);
            List<RawUpload> running = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    running.add(RawUpload.start(api, DEV_KEY, video.length, head));
                }
                waitFor(() -> inFlight(api) == 3, Duration.ofSeconds(10));
                long alreadyRefused = outcomes(api, "too_many_uploads");

                // Only the request head: the refusal cannot have waited for a body.
                try (RawUpload fourth = RawUpload.start(api, DEV_KEY, DECLARED, new byte[0])) {
                    Answer refused = fourth.await(Duration.ofSeconds(10));
                    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
                    assertThat(refused.errorCode()).isEqualTo("too_many_uploads");
                    assertThat(refused.headers()).containsEntry("retry-after", "5");
                    assertThat(refused.headers()).containsEntry("connection", "close");
                    // Nor will it read the body later: the connection is closed, not drained.
                    assertThat(fourth.closedByServer(Duration.ofSeconds(5))).isTrue();
                }
                assertThat(running.get(1).answered()).isFalse();
                assertThat(inFlight(api)).isEqualTo(3);
                assertThat(outcomes(api, "too_many_uploads")).isEqualTo(alreadyRefused + 1);

                running.get(0).send(rest);
                Answer finished = running.get(0).await(Duration.ofSeconds(20));
                assertThat(finished.status()).as(finished.body()).isEqualTo(201);
                assertThat(finished.json().path("source_byte_size").asLong())
                        .isEqualTo(video.length);
                waitFor(() -> inFlight(api) == 2, Duration.ofSeconds(5));

                Response accepted =
                        api.send(
                                api.request("/v1/videos", DEV_KEY)
                                        .header("content-type", "video/mp4")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(video))
                                        .build());
                assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);

                remove(finished.json().path("source_object_key").asString());
                remove(accepted.json().path("source_object_key").asString());
            } finally {
                for (RawUpload upload : running) {
                    upload.close();
                }
            }
            waitFor(() -> inFlight(api) == 0, Duration.ofSeconds(10));
            assertThat(pendingMultipartUploads()).isEmpty();
            assertThat(Snapshot.of(api).assets()).isEqualTo(before.assets() + 2);
            // The two clients that went away are counted as aborted, not as failures.
            assertThat(outcomes(api, "aborted")).isEqualTo(2);
            assertThat(outcomes(api, "error")).isZero();
        }
    }

    private static Map<String, String> idleAfterTwoSeconds() {
        return Map.of("REND_UPLOAD_IDLE_TIMEOUT_SECS", "2");
    }

    static int inFlight(RunningApi api) {
        return (int)
                api.context()
                        .getBean(MeterRegistry.class)
                        .get("rend.uploads.in_flight")
                        .gauge()
                        .value();
    }

    /** How many uploads this API has counted with {@code outcome}. */
    private static long outcomes(RunningApi api, String outcome) {
        return (long)
                api.context()
                        .getBean(MeterRegistry.class)
                        .counter("rend.uploads", "outcome", outcome)
                        .count();
    }

    static List<String> pendingMultipartUploads() {
        return ApiTestEnvironment.store().pendingMultipartUploads("sources/").collectList().block();
    }

    private static void remove(String key) {
        ApiTestEnvironment.store().delete(key).block();
    }

    static void waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** What an upload writes: rows in three tables and objects under {@code sources/}. */
    record Snapshot(long assets, long jobs, long events, Set<String> sourceKeys) {

        static Snapshot of(RunningApi api) {
            return new Snapshot(
                    api.count("SELECT count(*) FROM rend.assets"),
                    api.count("SELECT count(*) FROM rend.media_jobs"),
                    api.count("SELECT count(*) FROM rend.asset_events"),
                    new HashSet<>(
                            ApiTestEnvironment.store()
                                    .list("sources/")
                                    .map(ObjectInfo::key)
                                    .collectList()
                                    .block()));
        }
    }
}
