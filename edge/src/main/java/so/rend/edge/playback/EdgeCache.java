package so.rend.edge.playback;

import java.nio.file.Path;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.edge.cache.DiskTier;
import so.rend.edge.cache.RamTier;
import so.rend.edge.fill.FillCoordinator;
import so.rend.edge.fill.JoinedFill;

/**
 * Finds an artifact's bytes: the RAM tier, then the disk tier, then a (coalesced) fill from the
 * origin. Knows nothing of HTTP: it answers with where the bytes are and how they were found.
 */
public final class EdgeCache {

    public enum Status {
        HIT,
        MISS,
        COALESCED
    }

    /** Where the bytes to send are. */
    public sealed interface Body {

        record Bytes(byte[] bytes, int offset, int length) implements Body {}

        record File(Path path, long position, long count) implements Body {}

        record Stream(Flux<DataBuffer> flux) implements Body {}

        /** A HEAD request: headers only. */
        record None() implements Body {}
    }

    /**
     * @param range {@code null} when the whole object is sent
     */
    public record Read(
            Status status, long totalLength, String etag, ByteRangeSpec.Resolved range, Body body) {

        public long bodyLength() {
            return range == null ? totalLength : range.length();
        }
    }

    /** The range asked for cannot be served from an object of {@code totalLength} bytes (416). */
    public static final class UnsatisfiableRangeException extends RuntimeException {

        private final long totalLength;

        UnsatisfiableRangeException(long totalLength) {
            super("range not satisfiable", null, false, false);
            this.totalLength = totalLength;
        }

        public long totalLength() {
            return totalLength;
        }
    }

    private final RamTier ram;
    private final DiskTier disk;
    private final FillCoordinator fills;

    public EdgeCache(RamTier ram, DiskTier disk, FillCoordinator fills) {
        this.ram = ram;
        this.disk = disk;
        this.fills = fills;
    }

    /**
     * Reads {@code key}; errors with the origin's failure or {@link
     * so.rend.edge.fill.FillCapExceededException}.
     */
    public Mono<Read> read(String key, ByteRangeSpec spec, boolean withBody) {
        RamTier.Entry inRam = ram.get(key);
        if (inRam != null) {
            return Mono.fromCallable(() -> fromRam(inRam, spec, withBody));
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            DiskTier.Entry onDisk = disk.get(key);
            if (onDisk != null) {
                return Mono.fromCallable(() -> fromDisk(onDisk, spec, withBody));
            }
            JoinedFill joined;
            try {
                joined = fills.join(key);
            } catch (RuntimeException e) {
                return Mono.error(e);
            }
            if (joined != null) {
                return fromFill(joined, spec, withBody);
            }
        }
        return Mono.error(
                new IllegalStateException("artifact neither cached nor fillable: " + key));
    }

    private static Read fromRam(RamTier.Entry entry, ByteRangeSpec spec, boolean withBody) {
        long total = entry.bytes().length;
        ByteRangeSpec.Resolved range = resolve(spec, total);
        int offset = range == null ? 0 : (int) range.first();
        int length = (int) (range == null ? total : range.length());
        return new Read(
                Status.HIT,
                total,
                entry.etag(),
                range,
                withBody ? new Body.Bytes(entry.bytes(), offset, length) : new Body.None());
    }

    private static Read fromDisk(DiskTier.Entry entry, ByteRangeSpec spec, boolean withBody) {
        ByteRangeSpec.Resolved range = resolve(spec, entry.size());
        long position = range == null ? 0 : range.first();
        long count = range == null ? entry.size() : range.length();
        return new Read(
                Status.HIT,
                entry.size(),
                entry.etag(),
                range,
                withBody ? new Body.File(entry.file(), position, count) : new Body.None());
    }

    private static Mono<Read> fromFill(JoinedFill joined, ByteRangeSpec spec, boolean withBody) {
        Status status = joined.coalesced() ? Status.COALESCED : Status.MISS;
        return joined.fill()
                .head()
                .map(
                        head -> {
                            ByteRangeSpec.Resolved range = resolve(spec, head.contentLength());
                            if (!withBody) {
                                joined.release();
                                return new Read(
                                        status,
                                        head.contentLength(),
                                        head.etag(),
                                        range,
                                        new Body.None());
                            }
                            long from = range == null ? 0 : range.first();
                            long to = range == null ? head.contentLength() : range.last() + 1;
                            return new Read(
                                    status,
                                    head.contentLength(),
                                    head.etag(),
                                    range,
                                    new Body.Stream(joined.read(from, to)));
                        })
                .doOnError(e -> joined.release())
                .doOnCancel(joined::release);
    }

    private static ByteRangeSpec.Resolved resolve(ByteRangeSpec spec, long total) {
        if (spec == null) {
            return null;
        }
        ByteRangeSpec.Resolved range = spec.resolve(total);
        if (range == null) {
            throw new UnsatisfiableRangeException(total);
        }
        return range;
    }
}
