package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import so.rend.worker.media.MediaTools;

/** Test videos made with the bundled ffmpeg. */
final class DevFixtures {

    private DevFixtures() {}

    /** An H.264 test pattern of {@code size} (e.g. {@code 320x240}) and {@code seconds}. */
    static Path video(Path file, String size, int seconds) throws Exception {
        MediaTools tools = MediaTools.locate(null, null);
        run(
                tools,
                List.of(
                        tools.ffmpeg().toString(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=" + size + ":rate=30:duration=" + seconds,
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-pix_fmt",
                        "yuv420p",
                        file.toString()));
        return file;
    }

    /** Polls the asset until it is {@code hls_ready} (at most 120 s); fails at once on failed. */
    static void awaitHlsReady(RendDev rend, String apiKey, String assetId) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Pattern playable = Pattern.compile("\"playable_state\":\"([^\"]*)\"");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String state = "";
        while (!state.equals("hls_ready") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            String body =
                    http.send(
                                    HttpRequest.newBuilder(
                                                    rend.apiUrl().resolve("/v1/assets/" + assetId))
                                            .header("authorization", "Bearer " + apiKey)
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            Matcher m = playable.matcher(body);
            state = m.find() ? m.group(1) : "";
            if (state.equals("failed")) {
                throw new AssertionError("the asset failed: " + body);
            }
        }
        if (!state.equals("hls_ready")) {
            throw new AssertionError("not hls_ready within 120 s, still " + state);
        }
    }

    /** Runs a bundled-ffmpeg command to its end; returns what it printed. */
    static String run(MediaTools tools, List<String> command) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().putAll(tools.environment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
