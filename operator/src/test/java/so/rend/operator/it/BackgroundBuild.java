package so.rend.operator.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A tool build scripts/k8s-test-binaries.sh leaves running in the background. */
final class BackgroundBuild {
    private BackgroundBuild() {}

    /**
     * scripts/k8s-test-binaries.sh builds external-dns in the background while the suite runs
     * (external-dns.building holds the build's pid): waits for it, and fails with its log if it
     * failed.
     */
    static void awaitExternalDns(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> layouts;
        try (Stream<Path> dirs = Files.list(root)) {
            layouts =
                    dirs.filter(d -> d.getFileName().toString().endsWith("-linux-amd64")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (Path layout : layouts) {
            Path marker = layout.resolve(RealControllers.EXTERNAL_DNS + ".building");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(40);
            boolean told = false;
            while (buildRunning(marker) && System.nanoTime() < deadline) {
                if (!told) {
                    System.out.println(
                            "waiting for the background build of external-dns (log: "
                                    + layout.resolve(RealControllers.EXTERNAL_DNS + ".build.log")
                                    + ")");
                    told = true;
                }
                sleep(Duration.ofSeconds(5));
            }
            Path failed = layout.resolve(RealControllers.EXTERNAL_DNS + ".failed");
            if (Files.exists(failed)) {
                throw new IllegalStateException(
                        "the background build of external-dns failed ("
                                + failed
                                + "):\n"
                                + tail(failed));
            }
        }
    }

    private static boolean buildRunning(Path marker) {
        try {
            String pid = Files.readString(marker, StandardCharsets.UTF_8).trim();
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
