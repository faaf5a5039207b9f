package so.rend.edge.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RAM tier: whole small objects (openers, playlists, first segments) in a byte-bounded LRU map.
 * Serving from it touches no file at all.
 */
public final class RamTier {

    /** A held object. {@code bytes} is never modified after it is put. */
    public record Entry(byte[] bytes, String etag) {}

    private final long maxBytes;
    private final long maxObjectBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    public RamTier(long maxBytes, long maxObjectBytes) {
        this.maxBytes = maxBytes;
        this.maxObjectBytes = Math.min(maxObjectBytes, maxBytes);
    }

    public synchronized Entry get(String key) {
        return entries.get(key);
    }

    /** Whether an object of {@code size} bytes may be held. */
    public boolean accepts(long size) {
        return size <= maxObjectBytes && size >= 0;
    }

    public synchronized void put(String key, byte[] value, String etag) {
        if (!accepts(value.length)) {
            return;
        }
        Entry previous = entries.put(key, new Entry(value, etag));
        if (previous != null) {
            bytes -= previous.bytes().length;
        }
        bytes += value.length;
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes().length;
            eldest.remove();
        }
    }

    public synchronized boolean remove(String key) {
        Entry removed = entries.remove(key);
        if (removed != null) {
            bytes -= removed.bytes().length;
        }
        return removed != null;
    }

    /** Drops every object whose key starts with {@code prefix}; returns how many. */
    public synchronized int removePrefix(String prefix) {
        int removed = 0;
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            if (e.getKey().startsWith(prefix)) {
                bytes -= e.getValue().bytes().length;
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    public synchronized long bytes() {
        return bytes;
    }
}
