package so.rend.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What can be seen from outside of the process a pid file names: enough to tell a data directory's
 * own postmaster from a process that merely got the same number later.
 *
 * @param alive whether a process with that id runs
 * @param executable its executable, when the system shows it
 * @param arguments its command-line arguments (empty when the system does not show them)
 * @param workingDirectory its working directory, when the system shows it (a postmaster changes
 *     into its data directory)
 */
public record ProcessFacts(
        boolean alive,
        Optional<Path> executable,
        List<String> arguments,
        Optional<Path> workingDirectory) {

    public static final ProcessFacts NOT_RUNNING =
            new ProcessFacts(false, Optional.empty(), List.of(), Optional.empty());

    /** Who holds a pid file's process id, as far as these facts tell. */
    public enum Holder {
        NOBODY,
        THIS_DATA_DIRECTORYS_POSTMASTER,
        ANOTHER_PROCESS,
        CANNOT_TELL
    }

    /**
     * Whether this process is the PostgreSQL server of {@code dataDirectory}: a {@code postgres}
     * executable started with {@code -D dataDirectory} or running in it. Paths are compared as
     * given; callers pass real paths when they have them.
     */
    public Holder holderFor(Path dataDirectory) {
        if (!alive) {
            return Holder.NOBODY;
        }
        if (executable.isEmpty()) {
            return Holder.CANNOT_TELL;
        }
        String name = String.valueOf(executable.get().getFileName());
        if (!name.equals("postgres") && !name.equals("postmaster")) {
            return Holder.ANOTHER_PROCESS;
        }
        Path wanted = dataDirectory.toAbsolutePath().normalize();
        Optional<Path> named = dashD();
        if (named.map(wanted::equals).orElse(false)
                || workingDirectory.map(wanted::equals).orElse(false)) {
            return Holder.THIS_DATA_DIRECTORYS_POSTMASTER;
        }
        return named.isPresent() || workingDirectory.isPresent()
                ? Holder.ANOTHER_PROCESS
                : Holder.CANNOT_TELL;
    }

    private Optional<Path> dashD() {
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("-D") && i + 1 < arguments.size()) {
                return Optional.of(Path.of(arguments.get(i + 1)).normalize());
            }
            if (argument.startsWith("-D") && argument.length() > 2) {
                return Optional.of(Path.of(argument.substring(2)).normalize());
            }
        }
        return Optional.empty();
    }
}
