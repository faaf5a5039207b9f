package so.rend.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaProcessRunnerTest {

    @Test
    void aRunOverTheTimeoutIsKilledWithItsWholeProcessTree(@TempDir Path dir) throws Exception {
        MediaProcessRunner runner = new MediaProcessRunner(Duration.ofMillis(300), Map.of());
        // A shell that starts two children and waits: killing only the shell would orphan them.
        List<String> command =
                List.of(
                        "/bin/sh",
                        "-c",
                        "sleep 30 & echo $! >> pids; sleep 31 & echo $! >> pids; wait");

        assertThatThrownBy(() -> runner.run(command, dir, false))
                .isInstanceOfSatisfying(
                        MediaFailure.class,
                        f -> {
                            assertThat(f.code()).isEqualTo(MediaFailure.PROCESS_TIMEOUT);
                            assertThat(f.retryable()).isTrue();
                        });

        List<Long> children =
                Files.readAllLines(dir.resolve("pids")).stream().map(Long::parseLong).toList();
        assertThat(children).hasSize(2);
        assertThat(children)
                .allSatisfy(
                        pid ->
                                assertThat(
                                                ProcessHandle.of(pid)
                                                        .map(ProcessHandle::isAlive)
                                                        .orElse(false))
                                        .as("child %d alive", pid)
                                        .isFalse());
    }

    @Test
    void keepsStdoutAndTheTailOfStderr(@TempDir Path dir) {
        MediaProcessRunner runner =
                new MediaProcessRunner(Duration.ofSeconds(10), Map.of("REND_TEST_VALUE", "42"));
        ProcessResult result =
                runner.run(
                        List.of(
                                "/bin/sh",
                                "-c",
                                "echo $REND_TEST_VALUE; i=0; while [ $i -lt 2000 ]; do echo line-$i >&2; i=$((i+1)); done; exit 3"),
                        dir,
                        true);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("42\n");
        assertThat(result.stderrTail()).endsWith("line-1999\n").doesNotContain("line-0\n");
        assertThat(result.stderrTail().length()).isLessThanOrEqualTo(4096);
    }

    @Test
    void presignedUrlsNeverReachTheErrorText(@TempDir Path dir) {
        MediaProcessRunner runner = new MediaProcessRunner(Duration.ofSeconds(10), Map.of());
        ProcessResult result =
                runner.run(
                        List.of(
                                "/bin/sh",
                                "-c",
                                "echo \"http://127.0.0.1:9000/rend/sources/x/source?X-Amz-Signature=abc123: Server returned 404\" >&2; exit 1"),
                        dir,
                        false);

        assertThat(result.stderrTail())
                .doesNotContain("X-Amz-Signature")
                .doesNotContain("abc123")
                .contains("<url>");
    }
}
