package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
