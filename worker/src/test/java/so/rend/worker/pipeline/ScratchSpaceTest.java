package so.rend.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.worker.media.MediaFailure;

class ScratchSpaceTest {

    private static final Path DIR = Path.of("/scratch/job");
    private static final long GIB = 1L << 30;

    private final AtomicLong free = new AtomicLong();
    private final ScratchSpace scratch = new ScratchSpace(GIB, dir -> free.get());

    @Test
    void aJobNeedsTwiceItsSourceBeyondTheReserve() {
        free.set(5 * GIB);

        try (ScratchSpace.Reservation fits = scratch.reserve(DIR, 2 * GIB)) {
            assertThat(fits).isNotNull();
        }
        assertThatThrownBy(() -> scratch.reserve(DIR, 2 * GIB + 1))
                .isInstanceOfSatisfying(
                        MediaFailure.class,
                        f -> {
                            assertThat(f.code()).isEqualTo(MediaFailure.SCRATCH_SPACE_LOW);
                            assertThat(f.retryable()).isTrue();
                        })
                .hasMessageContaining(
                        "needs 4294967298 bytes (2 x its source), 4294967296 are free");
    }

    @Test
    void runningJobsHoldWhatTheyAskedForUntilTheyEnd() {
        free.set(9 * GIB);
        ScratchSpace.Reservation first = scratch.reserve(DIR, 2 * GIB);
        ScratchSpace.Reservation second = scratch.reserve(DIR, 2 * GIB);

        assertThatThrownBy(() -> scratch.reserve(DIR, 1)).isInstanceOf(MediaFailure.class);

        first.close();
        scratch.reserve(DIR, 2 * GIB).close();
        second.close();
    }

    @Test
    void spaceThatFreesUpIsSeenOnTheNextTry() {
        free.set(GIB);
        assertThatThrownBy(() -> scratch.reserve(DIR, 100)).isInstanceOf(MediaFailure.class);

        free.set(GIB + 200);
        scratch.reserve(DIR, 100).close();
    }

    @Test
    void anUnreadableFileStoreIsShortSpaceNotAFailedAsset() {
        ScratchSpace unreadable =
                new ScratchSpace(
                        0,
                        dir -> {
                            throw new IOException("no such file store");
                        });

        assertThatThrownBy(() -> unreadable.reserve(DIR, 1))
                .isInstanceOfSatisfying(
                        MediaFailure.class,
                        f -> assertThat(f.code()).isEqualTo(MediaFailure.SCRATCH_SPACE_LOW));
    }

    @Test
    void theRealFileStoreReportsSomeSpace(@TempDir Path dir) {
        ScratchSpace.onDisk(0).reserve(dir, 1).close();
    }
}
