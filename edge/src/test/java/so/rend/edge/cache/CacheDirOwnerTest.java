package so.rend.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirOwnerTest {
    private static final int UID = 10_001;
    private static final int GID = 10_002;

    @TempDir Path tmp;

    @BeforeEach
    void requireRoot() throws IOException {
        // Changing a file's owner needs CAP_CHOWN; CI runs as root.
        boolean root = uid(Files.createTempFile(tmp, "probe", "")) == 0;
        if (!root) {
            System.err.println("CacheDirOwnerTest SKIPPED: not running as root, cannot chown");
        }
        Assumptions.assumeTrue(root, "not running as root: cannot change owners");
    }

    @Test
    void givesEveryEntryToTheUserWithoutFollowingLinks() throws IOException {
        Path state = tmp.resolve("rend-edge");
        Path asset = Files.createDirectories(state.resolve("cache/asset-1"));
        Files.writeString(asset.resolve("seg-0.m4s"), "media");
        Files.createDirectories(state.resolve("cache.revoked"));
        Path outside = Files.writeString(tmp.resolve("node-file"), "not the edge's");
        Files.createSymbolicLink(asset.resolve("link"), outside);

        long changed = CacheDirOwner.own(state, UID, GID);

        List<Path> entries;
        try (Stream<Path> walk = Files.walk(state)) {
            entries = walk.toList();
        }
        assertThat(changed).isEqualTo(entries.size());
        for (Path entry : entries) {
            assertThat(uid(entry)).as(entry.toString()).isEqualTo(UID);
            assertThat(gid(entry)).as(entry.toString()).isEqualTo(GID);
        }
        assertThat(uid(outside)).as("the link's target").isZero();
    }

    @Test
    void aDirectoryAlreadyTheUsersIsNotWalkedAgain() throws IOException {
        Path state = Files.createDirectories(tmp.resolve("rend-edge/cache"));
        assertThat(CacheDirOwner.own(state.getParent(), UID, GID)).isEqualTo(2);
        // A file left as root's inside a directory that is already the user's stays: the walk is
        // skipped, so a large cache is not rescanned at every start.
        Path later = Files.writeString(state.resolve("later"), "x");
        assertThat(CacheDirOwner.own(state.getParent(), UID, GID)).isZero();
        assertThat(uid(later)).isZero();
    }

    @Test
    void createsAMissingDirectory() throws IOException {
        Path state = tmp.resolve("fresh/rend-edge");
        assertThat(CacheDirOwner.run(state.toString(), "10001", "10001")).isZero();
        assertThat(uid(state)).isEqualTo(10_001);
    }

    @Test
    void refusesBadArguments() {
        assertThat(CacheDirOwner.run()).isEqualTo(2);
        assertThat(CacheDirOwner.run(tmp.toString(), "edge", "1")).isEqualTo(2);
        assertThat(CacheDirOwner.run(tmp.toString(), "-1", "1")).isEqualTo(2);
        assertThat(CacheDirOwner.run(tmp.toString(), "1")).isEqualTo(2);
    }

    private static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int gid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }
}
