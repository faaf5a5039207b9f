package so.rend.edge.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk tier (NVMe in production): one file per artifact under {@code
 * <root>/<asset_id>/<artifact>}, written to {@code <root>/.tmp} first and renamed into place when
 * complete, so a reader never sees a partial file and a crash leaves only temp files, which the
 * next start deletes. Bounded by bytes: past the bound the least recently used files go. The index
 * lives in memory and is rebuilt from the files at start, so the tier survives a restart.
 */
public final class DiskTier {

    private static final Logger log = LoggerFactory.getLogger(DiskTier.class);
    private static final String TEMP_DIR = ".tmp";
    private static final String META_SUFFIX = ".etag";

    /** A complete cached file. */
    public static final class Entry {
        private final Path file;
        private final long size;
        private final String etag;
        private volatile long lastAccess;

        Entry(Path file, long size, String etag, long lastAccess) {
            this.file = file;
            this.size = size;
            this.etag = etag;
            this.lastAccess = lastAccess;
        }

        public Path file() {
            return file;
        }

        public long size() {
            return size;
        }

        public String etag() {
            return etag;
        }
    }

    private final Path root;
    private final Path temp;
    private final long maxBytes;
    private final Map<String, Entry> index = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong accessClock = new AtomicLong();

    public DiskTier(Path root, long maxBytes) {
        this.root = root.toAbsolutePath();
        this.temp = this.root.resolve(TEMP_DIR);
        this.maxBytes = maxBytes;
        rebuild();
    }

    /** The complete file for {@code key}, marking it used; {@code null} when not cached. */
    public Entry get(String key) {
        Entry entry = index.get(key);
        if (entry != null) {
            entry.lastAccess = accessClock.incrementAndGet();
        }
        return entry;
    }

    /** A fresh temp file path for a fill to write. */
    public Path newTempFile() {
        return temp.resolve(UUID.randomUUID().toString());
    }

    /** Moves a completely written temp file into place as {@code key}. */
    public Entry commit(String key, Path tempFile, String etag) throws IOException {
        Path target = root.resolve(key);
        Files.createDirectories(target.getParent());
        Files.writeString(metaFile(target), etag == null ? "" : etag, StandardCharsets.UTF_8);
        Files.move(
                tempFile,
                target,
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        Entry entry = new Entry(target, Files.size(target), etag, accessClock.incrementAndGet());
        Entry previous = index.put(key, entry);
        bytes.addAndGet(entry.size - (previous == null ? 0 : previous.size));
        evictIfNeeded();
        return entry;
    }

    /** Drops one artifact; returns whether it was cached. */
    public boolean remove(String key) {
        Entry entry = index.remove(key);
        if (entry == null) {
            return false;
        }
        bytes.addAndGet(-entry.size);
        deleteQuietly(entry.file);
        deleteQuietly(metaFile(entry.file));
        return true;
    }

    /** Drops every artifact whose key starts with {@code prefix}; returns how many. */
    public int removePrefix(String prefix) {
        int removed = 0;
        for (String key : List.copyOf(index.keySet())) {
            if (key.startsWith(prefix) && remove(key)) {
                removed++;
            }
        }
        return removed;
    }

    public long bytes() {
        return bytes.get();
    }

    public int files() {
        return index.size();
    }

    private void evictIfNeeded() {
        if (bytes.get() <= maxBytes) {
            return;
        }
        // Evict in one batch down to 90% so eviction cost is paid rarely, oldest access first.
        List<Map.Entry<String, Entry>> byAge = new ArrayList<>(index.entrySet());
        byAge.sort(Comparator.comparingLong(e -> e.getValue().lastAccess));
        long target = maxBytes / 10 * 9;
        for (Map.Entry<String, Entry> e : byAge) {
            if (bytes.get() <= target) {
                break;
            }
            remove(e.getKey());
        }
    }

    private void rebuild() {
        try {
            Files.createDirectories(root);
            if (Files.exists(temp)) {
                try (var stale = Files.list(temp)) {
                    stale.forEach(DiskTier::deleteQuietly);
                }
            }
            Files.createDirectories(temp);
            List<Entry> found = new ArrayList<>();
            Files.walkFileTree(
                    root,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path dir, BasicFileAttributes attrs) {
                            return dir.equals(temp)
                                    ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (!file.getFileName().toString().endsWith(META_SUFFIX)) {
                                found.add(
                                        new Entry(
                                                file,
                                                attrs.size(),
                                                readEtag(file),
                                                attrs.lastModifiedTime().toMillis()));
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
            // Older files count as less recently used.
            found.sort(Comparator.comparingLong(e -> e.lastAccess));
            for (Entry entry : found) {
                entry.lastAccess = accessClock.incrementAndGet();
                index.put(root.relativize(entry.file).toString(), entry);
                bytes.addAndGet(entry.size);
            }
            log.info("edge disk cache at {}: {} files, {} bytes", root, index.size(), bytes.get());
            evictIfNeeded();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the edge cache at " + root, e);
        }
    }

    private static String readEtag(Path file) {
        try {
            String etag = Files.readString(metaFile(file), StandardCharsets.UTF_8);
            return etag.isEmpty() ? null : etag;
        } catch (IOException e) {
            return null;
        }
    }

    private static Path metaFile(Path file) {
        return file.resolveSibling(file.getFileName() + META_SUFFIX);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", file, e.toString());
        }
    }
}
