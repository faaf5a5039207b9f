package so.rend.edge.revocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleted assets whose already-issued tokens must stop working here: each entry lives until the
 * longest token that could name it has expired. Kept in memory for the hot path (one map lookup)
 * and on disk beside the cache, so a restarted edge refuses them before it has talked to anyone;
 * the control plane's heartbeat answers bring in what a down edge missed.
 */
public final class RevokedAssets {

    private static final Logger log = LoggerFactory.getLogger(RevokedAssets.class);

    private final Map<UUID, Instant> revoked = new ConcurrentHashMap<>();
    private final Path file;
    private final Clock clock;

    public RevokedAssets(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        load();
    }

    public boolean isRevoked(UUID assetId) {
        Instant until = revoked.get(assetId);
        if (until == null) {
            return false;
        }
        if (clock.instant().isBefore(until)) {
            return true;
        }
        revoked.remove(assetId, until);
        return false;
    }

    /**
     * Adds revocations (keeping the later end of any already known); persists when something
     * changed.
     */
    public synchronized void revokeAll(Map<UUID, Instant> entries) {
        boolean changed = false;
        Instant now = clock.instant();
        for (Map.Entry<UUID, Instant> e : entries.entrySet()) {
            if (e.getValue().isAfter(now)) {
                Instant before = revoked.get(e.getKey());
                if (before == null || before.isBefore(e.getValue())) {
                    revoked.put(e.getKey(), e.getValue());
                    changed = true;
                }
            }
        }
        changed |= revoked.values().removeIf(until -> !until.isAfter(now));
        if (changed) {
            save();
        }
    }

    public int size() {
        return revoked.size();
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    try {
                        revoked.put(UUID.fromString(parts[0]), Instant.parse(parts[1]));
                    } catch (RuntimeException malformed) {
                        log.warn("ignoring a malformed revocation line in {}", file);
                    }
                }
            }
        } catch (IOException e) {
            log.warn("could not read revocations from {}: {}", file, e.toString());
        }
    }

    private void save() {
        StringBuilder text = new StringBuilder();
        revoked.forEach(
                (asset, until) -> text.append(asset).append(' ').append(until).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(
                    temp,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("could not persist revocations to {}: {}", file, e.toString());
        }
    }
}
