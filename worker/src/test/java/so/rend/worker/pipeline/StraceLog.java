package so.rend.worker.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * ffmpeg and ffprobe run under {@code strace -f} (file and network system calls), through wrapper
 * scripts the worker is pointed at, and what those traces show.
 */
final class StraceLog {

    /** A file system call and its first path argument. */
    private static final Pattern PATH_CALL =
            Pattern.compile("\\b([a-z_0-9]+)\\((?:AT_FDCWD, |-?\\d+, )?\"([^\"]*)\"");

    private final Path traces;

    StraceLog(Path traces) {
        this.traces = traces;
    }

    /** Whether strace is installed and may trace a child here (ptrace can be forbidden). */
    static boolean available() {
        try {
            Process strace =
                    new ProcessBuilder("strace", "-qq", "-e", "trace=none", "true")
                            .redirectErrorStream(true)
                            .start();
            return strace.waitFor(10, TimeUnit.SECONDS) && strace.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A script that runs {@code tool} under strace, one trace file per run. */
    Path wrapper(Path tool, Map<String, String> environment) throws IOException {
        StringBuilder script = new StringBuilder("#!/bin/sh\n");
        environment.forEach(
                (name, value) ->
                        script.append(name)
                                .append("='")
                                .append(value)
                                .append("'; export ")
                                .append(name)
                                .append('\n'));
        script.append("exec strace -f -qq -e trace=%file,%network -o '")
                .append(traces)
                .append("/")
                .append(tool.getFileName())
                .append(".'$$ '")
                .append(tool)
                .append("' \"$@\"\n");
        Path file = traces.getParent().resolve("traced-" + tool.getFileName());
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Forgets the runs traced so far. */
    void clear() throws IOException {
        for (Path file : traceFiles()) {
            Files.delete(file);
        }
    }

    /** How many ffmpeg/ffprobe runs were traced. */
    int runs() throws IOException {
        return traceFiles().size();
    }

    /** Every path a traced run named in a file system call (opened, stat'ed, executed…). */
    List<String> paths() throws IOException {
        List<String> paths = new ArrayList<>();
        for (String line : lines()) {
            Matcher call = PATH_CALL.matcher(line);
            if (call.find() && !call.group(2).isEmpty()) {
                paths.add(call.group(2));
            }
        }
        return paths;
    }

    /** Every network system call that names an address or creates a socket. */
    List<String> networkCalls() throws IOException {
        return lines().stream()
                .filter(l -> l.matches("^\\d+ +(socket|connect|bind|sendto|sendmsg)\\(.*"))
                .filter(l -> !l.matches("^\\d+ +sendto\\(\\d+, .*, NULL, 0\\).*"))
                .toList();
    }

    private List<String> lines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : traceFiles()) {
            lines.addAll(Files.readAllLines(file));
        }
        return lines;
    }

    private List<Path> traceFiles() throws IOException {
        try (Stream<Path> files = Files.list(traces)) {
            return files.toList();
        }
    }
}
