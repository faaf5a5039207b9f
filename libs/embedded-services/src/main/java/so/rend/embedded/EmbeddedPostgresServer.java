package so.rend.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A real PostgreSQL server from the embedded binaries, on loopback. With a data directory it keeps
 * its data across restarts; without one it starts empty in a temporary directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";

    /** Crash recovery, when a leftover server had to be killed, takes longer than zonky's 10 s. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;

    /** Empty for a temporary server. */
    private final Optional<DataDirectoryClaim> claim;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Optional<DataDirectoryClaim> claim) {
        this.postgres = postgres;
        this.claim = claim;
    }

    /** Starts a throwaway server on a free port. */
    public static EmbeddedPostgresServer startTemporary() {
        try {
            return new EmbeddedPostgresServer(builder("off").start(), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /**
     * Starts a server whose data lives in {@code dataDirectory} (kept across restarts), on {@code
     * port} (0 picks a free one): {@link #claim} and {@link Claimed#start}.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        return claim(dataDirectory, port).start();
    }

    /**
     * Makes {@code dataDirectory} and {@code port} ready for a start: a server this data
     * directory's last user left running (its JVM was killed) is stopped; anything else on the
     * port, or a data directory another live process uses, is refused with a {@link
     * StartRefusedException} and left as it is. Call {@link Claimed#start} next.
     */
    public static Claimed claim(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            Path directory = dataDirectory.toRealPath();
            return new Claimed(directory, port, DataDirectoryClaim.claim(directory, port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dataDirectory, e);
        }
    }

    /** A kept data directory and a port, claimed for this process's server. */
    public static final class Claimed {

        private final Path directory;
        private final int port;
        private final DataDirectoryClaim claim;

        private Claimed(Path directory, int port, DataDirectoryClaim claim) {
            this.directory = directory;
            this.port = port;
            this.claim = claim;
        }

        /** Starts the server; it owns the claim from here (released by its close or a failure). */
        public EmbeddedPostgresServer start() {
            // The real path: a later start recognises a leftover server by this -D argument.
            EmbeddedPostgres.Builder builder =
                    builder("on")
                            .setDataDirectory(directory)
                            .setCleanDataDirectory(false)
                            .setPGStartupWait(STARTUP_WAIT);
            if (port > 0) {
                builder.setPort(port);
            }
            try {
                return new EmbeddedPostgresServer(builder.start(), Optional.of(claim));
            } catch (IOException e) {
                claim.release();
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            } catch (RuntimeException e) {
                claim.release();
                throw e;
            }
        }
    }

    private static EmbeddedPostgres.Builder builder(String fsync) {
        return EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", fsync);
    }

    public int port() {
        return postgres.getPort();
    }

    /**
     * The connection URL in the {@code postgres://user:password@host:port/database} form Rend
     * reads.
     */
    public String url() {
        return "postgres://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port() + "/" + DATABASE;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            claim.ifPresent(DataDirectoryClaim::release);
        }
    }
}
