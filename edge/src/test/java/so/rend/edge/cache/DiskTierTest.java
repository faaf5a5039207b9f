package so.rend.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskTierTest {

    @Test
    void evictsTheLeastRecentlyUsedFilesWhenPastItsBound(@TempDir Path root) throws Exception {
        DiskTier disk = new DiskTier(root, 1000);
        commit(disk, "a/one.m4s", 400);
        commit(disk, "a/two.m4s", 400);
        disk.get("a/one.m4s");
        commit(disk, "a/three.m4s", 400);

        assertThat(disk.get("a/two.m4s")).isNull();
        assertThat(disk.get("a/one.m4s")).isNotNull();
        assertThat(disk.get("a/three.m4s")).isNotNull();
        assertThat(disk.bytes()).isEqualTo(800);
        assertThat(root.resolve("a/two.m4s")).doesNotExist();
    }

    @Test
    void rebuildsItsIndexFromDiskAndDropsHalfWrittenTempFiles(@TempDir Path root) throws Exception {
        DiskTier first = new DiskTier(root, 10_000);
        commit(first, "x/hls/master.m3u8", 120);
        Path stale = first.newTempFile();
        Files.write(stale, new byte[50]);

        DiskTier second = new DiskTier(root, 10_000);

        assertThat(second.get("x/hls/master.m3u8").size()).isEqualTo(120);
        assertThat(second.get("x/hls/master.m3u8").etag()).isEqualTo("etag-x/hls/master.m3u8");
        assertThat(second.files()).isEqualTo(1);
        assertThat(stale).doesNotExist();
    }

    @Test
    void removesOneFileOrAWholeAsset(@TempDir Path root) throws Exception {
        DiskTier disk = new DiskTier(root, 10_000);
        commit(disk, "a/opener.mp4", 10);
        commit(disk, "a/hls/master.m3u8", 10);
        commit(disk, "b/opener.mp4", 10);

        assertThat(disk.remove("b/opener.mp4")).isTrue();
        assertThat(disk.removePrefix("a/")).isEqualTo(2);
        assertThat(disk.files()).isZero();
        assertThat(disk.bytes()).isZero();
    }

    private static void commit(DiskTier disk, String key, int size) throws Exception {
        Path temp = disk.newTempFile();
        Files.write(temp, new byte[size]);
        disk.commit(key, temp, "etag-" + key);
    }
}
