package so.rend.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.embedded.ProcessFacts.Holder;
import so.rend.embedded.StartDecision.Findings;
import so.rend.embedded.StartRefusedException.Reason;

/**
 * A kept data directory made ready for a server start. {@code pg_ctl} detaches the server, so a JVM
 * killed with SIGKILL leaves it running, holding the data directory and the port: a start finds it
 * by {@code postmaster.pid} and stops it (the new server is then this JVM's own, stopped by its
 * close), and refuses whatever else is in the way rather than connecting to whatever answers.
 */
final class DataDirectoryClaim {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryClaim.class);

    /** zonky's lock file, held by the JVM that started the server while the server is its. */
    private static final String ZONKY_LOCK = "epg-lock";

    private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(15);
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);
    private static final Duration ZOMBIE_GRACE = Duration.ofSeconds(2);

    /**
     * Data directories with a server of this JVM: checked before the lock file, because closing any
     * channel on a file drops every lock this JVM holds on it.
     */
    private static final Set<Path> CLAIMED = ConcurrentHashMap.newKeySet();

    private final Path dataDirectory;

    private DataDirectoryClaim(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /**
     * Claims {@code dataDirectory} (an existing directory, as a real path: the server is started
     * with that spelling, which is how a later start recognises it) and {@code port} (0: any free
     * one) for a server start.
     */
    static DataDirectoryClaim claim(Path directory, int port) {
        if (!CLAIMED.add(directory)) {
            throw dataDirectoryInUse(directory, port);
        }
        try {
            settle(directory, port);
            return new DataDirectoryClaim(directory);
        } catch (RuntimeException e) {
            CLAIMED.remove(directory);
            throw e;
        }
    }

    /** For the server's close: the directory is free for the next start in this JVM. */
    void release() {
        CLAIMED.remove(dataDirectory);
    }

    /** Decides on fresh findings until the way is clear: a stop, then perhaps a stale file. */
    private static void settle(Path directory, int port) {
        Path pidPath = directory.resolve(PostmasterPidFile.FILE_NAME);
        for (int round = 0; round < 4; round++) {
            Findings findings = look(directory, pidPath, port);
            switch (StartDecision.of(findings)) {
                case START -> {
                    return;
                }
                case STOP_LEFTOVER_SERVER -> stopLeftover(findings.pidFile().get(), pidPath);
                case REMOVE_STALE_PID_FILE -> removeStale(pidPath, findings);
                case REFUSE_DATA_DIRECTORY_IN_USE -> throw dataDirectoryInUse(directory, port);
                case REFUSE_PORT_IN_USE ->
                        throw new StartRefusedException(
                                Reason.PORT_IN_USE,
                                port,
                                "port "
                                        + port
                                        + " is in use by another process (not this data"
                                        + " directory's PostgreSQL)");
                case REFUSE_UNKNOWN_PID_HOLDER ->
                        throw new StartRefusedException(
                                Reason.UNKNOWN_PID_HOLDER,
                                port,
                                pidPath
                                        + " names process "
                                        + findings.pidFile().get().pid()
                                        + ", which runs but cannot be checked; stop it if it is"
                                        + " this data directory's PostgreSQL, or remove the file");
            }
        }
        throw new IllegalStateException(
                "the leftover PostgreSQL server in " + directory + " stays");
    }

    private static Findings look(Path directory, Path pidPath, int port) {
        Optional<String> text = read(pidPath);
        Optional<PostmasterPidFile> pidFile = text.flatMap(PostmasterPidFile::parse);
        Holder holder =
                pidFile.map(file -> facts(file.pid()))
                        .orElse(ProcessFacts.NOT_RUNNING)
                        .holderFor(directory);
        return new Findings(
                lockedByAnotherJvm(directory.resolve(ZONKY_LOCK)),
                text.isPresent(),
                pidFile,
                holder,
                port,
                port > 0 && LoopbackPort.inUse(port));
    }

    /** The process as the system shows it ({@code /proc/<pid>/cwd} is a real path). */
    private static ProcessFacts facts(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return ProcessFacts.NOT_RUNNING;
        }
        ProcessHandle.Info info = process.get().info();
        List<String> arguments = info.arguments().map(List::of).orElse(List.of());
        Optional<Path> cwd;
        try {
            cwd = Optional.of(Path.of("/proc", Long.toString(pid), "cwd").toRealPath());
        } catch (IOException | SecurityException e) {
            cwd = Optional.empty();
        }
        return new ProcessFacts(true, info.command().map(Path::of), arguments, cwd);
    }

    /**
     * Fast shutdown (SIGINT, what {@code pg_ctl stop -m fast} sends): sessions are ended and the
     * server checkpoints and removes its pid file. SIGKILL only if it has not gone after that.
     */
    private static void stopLeftover(PostmasterPidFile leftover, Path pidPath) {
        Optional<ProcessHandle> process = ProcessHandle.of(leftover.pid());
        if (process.isEmpty()) {
            return;
        }
        LOG.info(
                "stopping the PostgreSQL server (pid {}, port {}) left running in {} by a process"
                        + " that did not shut down; this process starts its own",
                leftover.pid(),
                leftover.port(),
                leftover.dataDirectory());
        signalFastShutdown(process.get());
        if (awaitGone(process.get(), pidPath, FAST_SHUTDOWN)) {
            return;
        }
        LOG.warn("PostgreSQL (pid {}) ignored a fast shutdown; killing it", leftover.pid());
        process.get().destroyForcibly();
        if (!awaitGone(process.get(), null, AFTER_KILL)) {
            throw new IllegalStateException(
                    "the PostgreSQL server left running in "
                            + leftover.dataDirectory()
                            + " (pid "
                            + leftover.pid()
                            + ") does not stop");
        }
    }

    private static void signalFastShutdown(ProcessHandle process) {
        try {
            Process kill =
                    new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            if (kill.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // No kill(1): fall through to SIGTERM.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // SIGTERM: smart shutdown, which waits for sessions; those of a dead JVM are closed.
        process.destroy();
    }

    /**
     * Gone: exited; or its pid file removed (the last thing a server does) and still there a moment
     * later, as a zombie is when nothing reaps it.
     */
    private static boolean awaitGone(ProcessHandle process, Path pidPath, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pidFileGoneSince = 0;
        while (process.isAlive()) {
            long now = System.nanoTime();
            if (pidPath != null && !Files.exists(pidPath)) {
                pidFileGoneSince = pidFileGoneSince == 0 ? now : pidFileGoneSince;
                if (now - pidFileGoneSince > ZOMBIE_GRACE.toNanos()) {
                    return true;
                }
            }
            if (now > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static void removeStale(Path pidPath, Findings findings) {
        LOG.info(
                "removing the stale {} (process {} is not this data directory's PostgreSQL)",
                pidPath,
                findings.pidFile().map(file -> Long.toString(file.pid())).orElse("unreadable"));
        try {
            Files.deleteIfExists(pidPath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether another JVM's start holds zonky's lock on the directory (its server is live). */
    private static boolean lockedByAnotherJvm(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + lockFile, e);
        }
    }

    private static Optional<String> read(Path pidPath) {
        try {
            return Optional.of(Files.readString(pidPath, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidPath, e);
        }
    }

    private static StartRefusedException dataDirectoryInUse(Path directory, int port) {
        return new StartRefusedException(
                Reason.DATA_DIRECTORY_IN_USE,
                port,
                "data directory "
                        + directory
                        + " is in use by another running embedded PostgreSQL");
    }
}
