package so.rend.worker.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import so.rend.worker.media.MediaFailure;

/**
 * The worker's scratch space, checked before a job downloads its source. A job needs about twice
 * its source: the downloaded copy, and the ladder's segments, which stay on disk until they are
 * uploaded and whose bitrates (about 11 Mb/s for a 1080p ladder) are at most a typical upload's.
 * Beyond that {@code reserveBytes} stay free for everything else on the disk. Jobs of this process
 * that are still running hold what they asked for, so two jobs claimed at once do not both count on
 * the same free bytes. Short of space, the job goes back to the queue ({@code scratch_space_low},
 * the attempt not counted): the disk, not the asset, is the problem.
 */
final class ScratchSpace {

    /** How much scratch a job needs per byte of its source. */
    static final int BYTES_PER_SOURCE_BYTE = 2;

    /** Where free space is read from; a file store's usable space, or a test's figure. */
    interface FreeSpace {
        long usableBytes(Path dir) throws IOException;
    }

    /** The space one job counts on, given back when it ends. */
    interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    private final long reserveBytes;
    private final FreeSpace freeSpace;
    private long held;

    ScratchSpace(long reserveBytes, FreeSpace freeSpace) {
        this.reserveBytes = reserveBytes;
        this.freeSpace = freeSpace;
    }

    /** The file store under {@code dir}, as the operating system reports it. */
    static ScratchSpace onDisk(long reserveBytes) {
        return new ScratchSpace(reserveBytes, dir -> Files.getFileStore(dir).getUsableSpace());
    }

    /**
     * Holds what a job with a source of {@code sourceBytes} needs in {@code dir}.
     *
     * @throws MediaFailure {@code scratch_space_low} when the free space is short of it
     */
    synchronized Reservation reserve(Path dir, long sourceBytes) {
        long needed = Math.multiplyExact(Math.max(0, sourceBytes), BYTES_PER_SOURCE_BYTE);
        long usable;
        try {
            usable = freeSpace.usableBytes(dir);
        } catch (IOException e) {
            throw new MediaFailure(
                    MediaFailure.SCRATCH_SPACE_LOW,
                    true,
                    "the free space of the scratch directory could not be read: " + e,
                    e);
        }
        long available = usable - held - reserveBytes;
        if (needed > available) {
            throw new MediaFailure(
                    MediaFailure.SCRATCH_SPACE_LOW,
                    true,
                    "the worker's scratch space is short: this job needs "
                            + needed
                            + " bytes ("
                            + BYTES_PER_SOURCE_BYTE
                            + " x its source), "
                            + Math.max(0, available)
                            + " are free beyond the reserve and other running jobs; it waits"
                            + " in the queue");
        }
        held += needed;
        return () -> release(needed);
    }

    private synchronized void release(long bytes) {
        held -= bytes;
    }
}
