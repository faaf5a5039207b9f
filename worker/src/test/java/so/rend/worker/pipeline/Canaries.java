package so.rend.worker.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files outside any job directory that crafted uploads point at. Each has its access time far in
 * the past and its modification time now, so under {@code relatime} (and {@code strictatime}) the
 * first read of its bytes moves the access time: an unchanged access time means nobody read it.
 */
final class Canaries implements AutoCloseable {

    static final FileTime UNTOUCHED = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

    private final Path dir;
    private final List<Path> files = new ArrayList<>();
    private boolean directoryArmed;

    Canaries() throws IOException {
        dir = Files.createTempDirectory("rend-canary-");
    }

    Path dir() {
        return dir;
    }

    /** A canary file named {@code name} with content that would decode as something. */
    Path add(String name, byte[] content) throws IOException {
        Path file = Files.write(dir.resolve(name), content);
        files.add(file);
        arm(file);
        return file;
    }

    /** Arms the directory too (a directory's access time moves when it is listed). */
    void armDirectory() throws IOException {
        arm(dir);
        directoryArmed = true;
    }

    /** The canaries whose access time moved, with the time it moved to. */
    List<String> touched() throws IOException {
        List<String> touched = new ArrayList<>();
        Stream<Path> armed = directoryArmed ? Stream.of(dir) : Stream.empty();
        for (Path file : Stream.concat(files.stream(), armed).toList()) {
            FileTime accessed =
                    Files.readAttributes(file, BasicFileAttributes.class).lastAccessTime();
            if (!accessed.equals(UNTOUCHED)) {
                touched.add(file + " read at " + accessed);
            }
        }
        return touched;
    }

    private static void arm(Path file) throws IOException {
        Files.getFileAttributeView(file, BasicFileAttributeView.class)
                .setTimes(FileTime.from(Instant.now()), UNTOUCHED, null);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
