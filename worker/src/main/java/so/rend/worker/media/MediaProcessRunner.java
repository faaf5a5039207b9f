package so.rend.worker.media;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ffmpeg and ffprobe as child processes, each bounded by a timeout. On timeout, cancellation
 * or shutdown the whole process tree is killed (children first), so no encoder outlives its job.
 */
public final class MediaProcessRunner {

    private static final Logger log = LoggerFactory.getLogger(MediaProcessRunner.class);
    private static final int STDERR_TAIL_BYTES = 4096;
    private static final Pattern URL = Pattern.compile("https?://[^\\s'\"]+");

    private final Duration timeout;
    private final Map<String, String> environment;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    public MediaProcessRunner(Duration timeout, Map<String, String> environment) {
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code command} in {@code workDir}. A non-zero exit is returned, not thrown; a timeout
     * or an interrupt kills the tree and throws {@link MediaFailure}.
     */
    public ProcessResult run(List<String> command, Path workDir, boolean keepStdout) {
        long started = System.nanoTime();
        Process process = start(command, workDir, keepStdout);
        running.add(process);
        try {
            TailCollector stderr = new TailCollector(process.getErrorStream(), STDERR_TAIL_BYTES);
            TailCollector stdout =
                    keepStdout
                            ? new TailCollector(process.getInputStream(), Integer.MAX_VALUE)
                            : null;
            awaitExit(process, command, stderr);
            stderr.join();
            String out = "";
            if (stdout != null) {
                stdout.join();
                out = stdout.text();
            }
            return new ProcessResult(
                    process.exitValue(),
                    out,
                    redactUrls(stderr.text()),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } finally {
            running.remove(process);
        }
    }

    private Process start(List<String> command, Path workDir, boolean keepStdout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(environment);
        if (!keepStdout) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new MediaFailure(
                    MediaFailure.INTERNAL_ERROR,
                    true,
                    "could not start " + command.get(0) + ": " + e.getMessage(),
                    e);
        }
    }

    /** Waits for the exit within the timeout; on timeout or interrupt kills the tree and throws. */
    private void awaitExit(Process process, List<String> command, TailCollector stderr) {
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new MediaFailure(
                    MediaFailure.INTERNAL_ERROR,
                    true,
                    "interrupted while running " + name(command),
                    e);
        }
        if (!finished) {
            killTree(process);
            stderr.join();
            throw new MediaFailure(
                    MediaFailure.PROCESS_TIMEOUT,
                    true,
                    name(command)
                            + " exceeded "
                            + timeout.toSeconds()
                            + " s and was killed; stderr tail: "
                            + redactUrls(stderr.text()));
        }
    }

    /** Kills every process this runner started and has not seen finish (shutdown, lost lease). */
    public void killAll() {
        for (Process process : List.copyOf(running)) {
            killTree(process);
        }
    }

    /**
     * Kills the process and all its descendants, deepest first, and waits briefly for them to go.
     */
    public static void killTree(Process process) {
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        // Deepest first: a child that outlives its parent would be re-parented and forgotten.
        descendants.sort(Comparator.comparingLong(ProcessHandle::pid).reversed());
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        for (ProcessHandle handle : descendants) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("process {} did not exit after SIGKILL", handle.pid());
            }
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Inputs can be presigned URLs: their signatures must not reach job rows, events or logs. */
    static String redactUrls(String text) {
        return URL.matcher(text).replaceAll("<url>");
    }

    private static String name(List<String> command) {
        String first = command.get(0);
        return first.substring(first.lastIndexOf('/') + 1);
    }

    /** Drains a stream on its own thread, keeping at most the last {@code limit} bytes. */
    private static final class TailCollector {
        private final Thread thread;
        private final int limit;
        private byte[] tail = new byte[0];

        TailCollector(InputStream in, int limit) {
            this.limit = limit;
            this.thread = new Thread(() -> drain(in), "media-process-output");
            thread.setDaemon(true);
            thread.start();
        }

        private void drain(InputStream in) {
            ByteArrayOutputStream keep = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    keep.write(buffer, 0, n);
                    if (keep.size() > limit * 2L && limit != Integer.MAX_VALUE) {
                        byte[] all = keep.toByteArray();
                        keep.reset();
                        keep.write(all, all.length - limit, limit);
                    }
                }
            } catch (IOException ignored) {
                // The process was killed; keep what we have.
            }
            byte[] all = keep.toByteArray();
            synchronized (this) {
                tail =
                        all.length > limit
                                ? Arrays.copyOfRange(all, all.length - limit, all.length)
                                : all;
            }
        }

        void join() {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized String text() {
            return new String(tail, StandardCharsets.UTF_8);
        }
    }
}
