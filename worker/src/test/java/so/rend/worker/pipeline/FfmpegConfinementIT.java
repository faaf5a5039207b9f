package so.rend.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static so.rend.worker.pipeline.CraftedSources.HLS_TYPE;
import static so.rend.worker.pipeline.CraftedSources.ffconcat;
import static so.rend.worker.pipeline.CraftedSources.masterPlaylist;
import static so.rend.worker.pipeline.CraftedSources.mpd;
import static so.rend.worker.pipeline.CraftedSources.playlist;
import static so.rend.worker.pipeline.CraftedSources.sdp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.worker.MediaTestbed;

/**
 * What ffprobe and ffmpeg really touch, as strace sees it: the whole worker (embedded PostgreSQL,
 * S3Proxy, the bundled ffmpeg run under {@code strace -f} through wrapper scripts) processes a real
 * upload and crafted ones, and every run names files only in the worker's job directories (beyond
 * the shared libraries it loads and a few of {@code /proc} and {@code /sys}) and connects only to
 * the object store. Needs strace (Debian: {@code apt-get install strace}); without it, or where
 * ptrace is forbidden, the class is skipped, saying so. {@code CraftedUploadsIT} proves the same
 * without strace, with a listener and canary files.
 */
class FfmpegConfinementIT {

    private static MediaTestbed testbed;
    private static TrapListener trap;
    private static Canaries canaries;
    private static StraceLog strace;
    private static Path workDir;
    private static Path ffmpegDir;
    @TempDir static Path scratch;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(
                StraceLog.available(),
                "strace is missing or cannot trace here (apt-get install strace):"
                        + " FfmpegConfinementIT is skipped");
        testbed = new MediaTestbed();
        trap = new TrapListener();
        canaries = new Canaries();
        canaries.add("canary.mp4", new byte[] {0, 0, 0, 8, 'f', 'r', 'e', 'e'});
        Path traces = Files.createDirectories(scratch.resolve("traces"));
        strace = new StraceLog(traces);
        workDir = Files.createDirectories(scratch.resolve("work"));
        ffmpegDir = testbed.tools.ffmpeg().getParent();
        testbed.startWorker(
                Map.of(
                        "REND_FFMPEG_PATH",
                        strace.wrapper(testbed.tools.ffmpeg(), testbed.tools.environment())
                                .toString(),
                        "REND_FFPROBE_PATH",
                        strace.wrapper(testbed.tools.ffprobe(), testbed.tools.environment())
                                .toString(),
                        "REND_WORKER_WORK_DIR",
                        workDir.toString(),
                        "REND_WORKER_POLL_SECS",
                        "1"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (testbed != null) {
            testbed.close();
            trap.close();
            canaries.close();
        }
    }

    @BeforeEach
    void forgetEarlierRuns() throws IOException {
        strace.clear();
    }

    @Test
    void aRealUploadsRunsTouchOnlyTheirJobDirectoryAndTheStore() throws IOException {
        Path video = testbed.fixture(scratch, "real.mp4", 320, 240, 4, true);
        MediaTestbed.Upload upload = testbed.upload(video, 5);
        MediaTestbed.await(
                "hls_ready",
                Duration.ofSeconds(90),
                () -> "hls_ready".equals(testbed.playableState(upload.assetId())));

        // ffprobe, the opener, the thumbnail and the ladder at least, seen reading the source
        // through the store and the downloaded copy, and writing in the job directory.
        assertThat(strace.runs()).isGreaterThanOrEqualTo(4);
        assertThat(strace.paths())
                .anyMatch(path -> path.startsWith(workDir + "/") && path.endsWith("/source"))
                .anyMatch(path -> path.startsWith(workDir + "/") && path.endsWith("/init.mp4"));
        assertThat(strace.networkCalls())
                .anyMatch(call -> call.contains("connect(") && call.contains(storePort()));
        assertConfined();
    }

    @Test
    void craftedUploadsRunsTouchOnlyTheirJobDirectoryAndTheStore() throws IOException {
        String canary = canaries.dir() + "/canary.mp4";
        List<MediaTestbed.Upload> uploads =
                List.of(
                        upload("video/mp4", mpd("<!-- -->", trap.url("/dash/"), "x.mp4")),
                        upload("video/mp4", mpd("<!-- -->", "", "file://" + canary)),
                        upload(HLS_TYPE, playlist(trap.url("/a.ts"), "file://" + canary)),
                        upload(HLS_TYPE, masterPlaylist(trap.url("/v.m3u8"), "../x/source")),
                        upload("video/mp4", ffconcat("source", "img%03d.jpg")),
                        upload("application/sdp", sdp(trap.port())));
        for (MediaTestbed.Upload upload : uploads) {
            MediaTestbed.await(
                    "job failed",
                    Duration.ofSeconds(60),
                    () -> "failed".equals(testbed.jobState(upload.jobId())));
        }

        assertThat(strace.runs()).isGreaterThanOrEqualTo(uploads.size());
        assertConfined();
        assertThat(strace.paths()).noneMatch(path -> path.contains(canaries.dir().toString()));
        assertThat(trap.connections()).isEmpty();
        assertThat(canaries.touched()).isEmpty();
    }

    private static MediaTestbed.Upload upload(String contentType, byte[] body) throws IOException {
        Path source = Files.write(scratch.resolve(UUID.randomUUID() + ".bin"), body);
        return testbed.upload(source, contentType, 5);
    }

    /** Every traced path is in a job directory or is what a process loads to run at all. */
    private static void assertConfined() throws IOException {
        List<String> paths = strace.paths();
        assertThat(paths).isNotEmpty();
        assertThat(paths)
                .as("paths ffmpeg/ffprobe named outside the job directories")
                .allMatch(FfmpegConfinementIT::mayTouch);
        String store = storePort();
        assertThat(strace.networkCalls())
                .as("network calls other than TCP to the object store")
                .allMatch(
                        call ->
                                call.contains("socket(AF_INET, SOCK_STREAM")
                                        || (call.contains("connect(")
                                                && call.contains(store)
                                                && call.contains("inet_addr(\"127.0.0.1\")")));
    }

    private static String storePort() {
        return "sin_port=htons(" + testbed.s3.endpoint().getPort() + ")";
    }

    private static boolean mayTouch(String path) {
        if (!path.startsWith("/")) {
            return !path.contains("..");
        }
        return path.startsWith(workDir + "/")
                || path.startsWith(ffmpegDir + "/")
                || Stream.of(
                                "/lib/",
                                "/lib64/",
                                "/usr/lib/",
                                "/usr/lib64/",
                                "/etc/ld.so.cache",
                                "/etc/ld.so.preload",
                                "/proc/self/",
                                // glibc's malloc reads it when it gives memory back.
                                "/proc/sys/vm/overcommit_memory",
                                "/sys/devices/system/cpu/")
                        .anyMatch(path::startsWith);
    }
}
