package so.rend.edge.telemetry;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * Batches ClickHouse could not take, as JSONL files beside the edge cache ({@code
 * spool-<sequence>.jsonl}), replayed oldest first. Bounded: a batch that would take the spool past
 * {@code maxBytes} is dropped and counted. A file is closed at {@code fileBytes} and the next
 * begun, so a replayed insert is at most about that big. A line cut off by a crash is trimmed at
 * start. Only the sender thread uses it.
 */
final class TelemetrySpool {

    private static final String PREFIX = "spool-";
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final long maxBytes;
    private final long fileBytes;
    private final Counter dropped;
    private final Deque<Path> files = new ArrayDeque<>();
    private long bytes;
    private long currentBytes;
    private long nextSequence;

    TelemetrySpool(Path directory, long maxBytes, long fileBytes, Counter dropped) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.fileBytes = fileBytes;
        this.dropped = dropped;
        try {
            Files.createDirectories(directory);
            try (Stream<Path> listed = Files.list(directory)) {
                listed.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                        .sorted()
                        .forEach(this::adopt);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use telemetry spool " + directory, e);
        }
    }

    /** Appends one batch (whole lines); false when it did not fit and was dropped. */
    boolean append(byte[] lines, int events) {
        if (bytes + lines.length > maxBytes) {
            dropped.increment(events);
            return false;
        }
        if (files.isEmpty() || currentBytes >= fileBytes) {
            files.addLast(
                    directory.resolve(String.format("%s%019d%s", PREFIX, nextSequence++, SUFFIX)));
            currentBytes = 0;
        }
        try {
            Files.write(
                    files.peekLast(),
                    lines,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            dropped.increment(events);
            return false;
        }
        bytes += lines.length;
        currentBytes += lines.length;
        return true;
    }

    /** The oldest file, closed for appends from now on; null when the spool is empty. */
    Path oldest() {
        if (files.isEmpty()) {
            return null;
        }
        if (files.size() == 1) {
            // The next append begins a new file, so this one is no longer written while replayed.
            currentBytes = fileBytes;
        }
        return files.peekFirst();
    }

    /** Removes the oldest file once its lines reached ClickHouse (or were refused for good). */
    void remove(Path file) throws IOException {
        long size = Files.size(file);
        Files.delete(file);
        files.remove(file);
        bytes -= size;
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    private void adopt(Path file) {
        String name = file.getFileName().toString();
        try {
            long sequence =
                    Long.parseLong(
                            name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
            long size = trimToLastLine(file);
            if (size == 0) {
                Files.delete(file);
                return;
            }
            files.addLast(file);
            bytes += size;
            nextSequence = Math.max(nextSequence, sequence + 1);
            currentBytes = fileBytes; // never append to a file a previous run left
        } catch (NumberFormatException | IOException e) {
            // Not ours, or unreadable: leave it alone.
        }
    }

    private static long trimToLastLine(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long end = raf.length();
            while (end > 0) {
                raf.seek(end - 1);
                if (raf.read() == '\n') {
                    break;
                }
                end--;
            }
            raf.setLength(end);
            return end;
        }
    }
}
