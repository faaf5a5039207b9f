package so.rend.edge.fill;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One artifact being copied from the origin into the disk tier. The bytes go to a temp file as they
 * arrive; readers (the request that started the fill and every request that joined it) read the
 * same file behind the writer, so each of them streams bytes as soon as they land instead of
 * waiting for the whole object. The file channel stays open, past the rename into place, until the
 * last reader is done.
 */
public final class Fill {

    /** What the origin said before the body: the full length and entity tag. */
    public record Head(long contentLength, String etag) {}

    private final String key;
    private final Path tempFile;
    private final FileChannel channel;
    private final Sinks.One<Head> head = Sinks.one();
    private final Sinks.Empty<Void> finished = Sinks.empty();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile long written;
    private volatile boolean complete;
    private volatile Throwable failure;
    private volatile boolean purged;
    private volatile long contentLength = -1;
    private ByteArrayOutputStream ramCopy;
    private int readers;
    private boolean ended;
    private boolean closed;

    Fill(String key, Path tempFile) throws IOException {
        this.key = key;
        this.tempFile = tempFile;
        this.channel =
                FileChannel.open(
                        tempFile,
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
    }

    public String key() {
        return key;
    }

    /** The origin's answer; errors when the fill could not start. */
    public Mono<Head> head() {
        return head.asMono();
    }

    /** Completes when the object is in the cache; errors when the fill failed. */
    public Mono<Void> finished() {
        return finished.asMono();
    }

    public long written() {
        return written;
    }

    public boolean complete() {
        return complete;
    }

    /** The object's full length once the origin has answered, else -1. */
    long contentLength() {
        return contentLength;
    }

    public Throwable failure() {
        return failure;
    }

    /**
     * A purge came while this fill ran: its bytes go to the viewers already reading, not into the
     * cache.
     */
    void markPurged() {
        purged = true;
    }

    boolean purged() {
        return purged;
    }

    /**
     * Registers a reader; false when the fill is over and its file closed (read the cache instead).
     */
    synchronized boolean acquireReader() {
        if (closed) {
            return false;
        }
        readers++;
        return true;
    }

    synchronized void releaseReader() {
        readers--;
        closeIfUnused();
    }

    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Positional read of bytes already written. */
    int read(ByteBuffer target, long position) throws IOException {
        return channel.read(target, position);
    }

    // --- the writer's side ----------------------------------------------------------------------

    void started(long contentLength, String etag, boolean keepInRam) {
        this.contentLength = contentLength;
        if (keepInRam) {
            ramCopy = new ByteArrayOutputStream((int) contentLength);
        }
        head.tryEmitValue(new Head(contentLength, etag));
    }

    void append(ByteBuffer bytes) throws IOException {
        long position = written;
        if (ramCopy != null) {
            ByteBuffer copy = bytes.duplicate();
            byte[] chunk = new byte[copy.remaining()];
            copy.get(chunk);
            ramCopy.writeBytes(chunk);
        }
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
        written = position;
        notifyListeners();
    }

    Path tempFile() {
        return tempFile;
    }

    byte[] ramCopy() {
        return ramCopy == null ? null : ramCopy.toByteArray();
    }

    void succeed() {
        complete = true;
        ramCopy = null;
        notifyListeners();
        finished.tryEmitEmpty();
        end();
    }

    void fail(Throwable error) {
        failure = error;
        ramCopy = null;
        head.tryEmitError(error);
        notifyListeners();
        finished.tryEmitError(error);
        end();
    }

    private synchronized void end() {
        ended = true;
        closeIfUnused();
    }

    private void closeIfUnused() {
        if (ended && readers == 0 && !closed) {
            closed = true;
            try {
                channel.close();
                if (failure != null) {
                    Files.deleteIfExists(tempFile);
                }
            } catch (IOException ignored) {
                // Nothing to do: the next start clears stale temp files.
            }
        }
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }
}
