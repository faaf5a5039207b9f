package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.worker.media.MediaTools;

class LeftoverMediaRunsTest {

    @Test
    void stopsTheFfmpegAKilledRunLeftInTheScratchAndEmptiesIt(@TempDir Path data) throws Exception {
        Path scratch = data.resolve("worker-tmp");
        Path job = Files.createDirectories(scratch.resolve("job-7-123"));
        Files.writeString(job.resolve("source"), "half an encode");
        MediaTools tools = MediaTools.locate(null, null);
        ProcessBuilder encode =
                new ProcessBuilder(
                                tools.ffmpeg().toString(),
                                "-loglevel",
                                "error",
                                "-re",
                                "-f",
                                "lavfi",
                                "-i",
                                "testsrc2=size=320x240:rate=30:duration=120",
                                "-f",
                                "null",
                                "-")
                        .directory(job.toFile());
        encode.environment().putAll(tools.environment());
        Process leftover = encode.start();
        Process bystander = new ProcessBuilder("sleep", "60").directory(job.toFile()).start();
        try {
            LeftoverMediaRuns.stopAndClear(scratch);

            assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).as("ffmpeg was stopped").isTrue();
            assertThat(bystander.isAlive()).as("only media tools are stopped").isTrue();
            assertThat(scratch).isEmptyDirectory();
        } finally {
            leftover.destroyForcibly();
            bystander.destroyForcibly();
        }
    }

    @Test
    void aMissingScratchIsNothingToDo(@TempDir Path data) {
        LeftoverMediaRuns.stopAndClear(data.resolve("worker-tmp"));
        assertThat(data.resolve("worker-tmp")).doesNotExist();
    }
}
