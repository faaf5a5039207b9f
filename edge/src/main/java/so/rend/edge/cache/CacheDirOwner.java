package so.rend.edge.cache;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives the edge's state directory (disk cache, revocations, telemetry spool) to the edge's
 * non-root user: {@code rend-edge own-cache-dir <dir> <uid> <gid>}, run by the edge pod's init
 * container as root with CAP_CHOWN alone, so that the edge itself never runs as root. A hostPath
 * directory the kubelet creates is root's, and so are the files an edge that ran as root left
 * behind.
 *
 * <p>Only what is not already the user's is changed, and the directory itself last, so that a run
 * cut short is redone in full next time; a directory already the user's is not walked again (a
 * large cache is not rescanned at every start). Symbolic links are changed, never followed: a link
 * in the cache cannot hand a file elsewhere on the node to the edge.
 */
public final class CacheDirOwner {
    public static final String COMMAND = "own-cache-dir";

    private CacheDirOwner() {}

    /**
     * @return the entries whose owner changed
     */
    public static long own(Path dir, int uid, int gid) throws IOException {
        Files.createDirectories(dir);
        if (ownedBy(dir, uid, gid)) {
            return 0;
        }
        AtomicLong changed = new AtomicLong();
        Files.walkFileTree(
                dir,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        changeOwner(file, uid, gid, changed);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path child, IOException e)
                            throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        if (!child.equals(dir)) {
                            changeOwner(child, uid, gid, changed);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        changeOwner(dir, uid, gid, changed);
        return changed.get();
    }

    private static boolean ownedBy(Path path, int uid, int gid) throws IOException {
        return ((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == uid
                && ((Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS))
                        == gid;
    }

    private static void changeOwner(Path path, int uid, int gid, AtomicLong changed)
            throws IOException {
        if (ownedBy(path, uid, gid)) {
            return;
        }
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        changed.incrementAndGet();
    }

    /** {@code own-cache-dir <dir> <uid> <gid>}; exits 2 on bad arguments, 1 on failure. */
    public static int run(String... args) {
        if (args.length != 3) {
            System.err.println("usage: " + COMMAND + " <dir> <uid> <gid>");
            return 2;
        }
        int uid;
        int gid;
        try {
            uid = Integer.parseInt(args[1]);
            gid = Integer.parseInt(args[2]);
        } catch (NumberFormatException e) {
            System.err.println(COMMAND + ": uid and gid must be numbers");
            return 2;
        }
        if (uid < 0 || gid < 0) {
            System.err.println(COMMAND + ": uid and gid must not be negative");
            return 2;
        }
        Path dir = Path.of(args[0]);
        try {
            long changed = own(dir, uid, gid);
            System.out.println(
                    COMMAND + ": " + dir + " is " + uid + ":" + gid + " (" + changed + " changed)");
            return 0;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            System.err.println(COMMAND + ": " + dir + ": " + e);
            return 1;
        }
    }
}
