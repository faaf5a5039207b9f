package so.rend.embedded;

import java.util.Optional;
import so.rend.embedded.ProcessFacts.Holder;

/**
 * What a start of the embedded PostgreSQL on a kept data directory does about what it finds there
 * and on its port. Only the data directory's own leftover server is stopped (a JVM killed with
 * SIGKILL leaves it running); anything else in the way is refused, and a refusal changes nothing.
 */
public enum StartDecision {
    START,
    STOP_LEFTOVER_SERVER,
    REMOVE_STALE_PID_FILE,
    REFUSE_DATA_DIRECTORY_IN_USE,
    REFUSE_PORT_IN_USE,
    REFUSE_UNKNOWN_PID_HOLDER;

    /**
     * What a start sees before it starts the server.
     *
     * @param dataDirectoryInUse a live server start holds the data directory (zonky's {@code
     *     epg-lock}, held by the JVM that started it, or a server of this JVM)
     * @param pidFileExists whether {@code postmaster.pid} is there
     * @param pidFile its facts, empty when it is absent or unreadable
     * @param holder who holds the process id it names
     * @param port the port this start wants; 0 takes any free one
     * @param portInUse whether something listens on {@code port} now
     */
    public record Findings(
            boolean dataDirectoryInUse,
            boolean pidFileExists,
            Optional<PostmasterPidFile> pidFile,
            Holder holder,
            int port,
            boolean portInUse) {}

    public static StartDecision of(Findings findings) {
        boolean portTaken = findings.port() > 0 && findings.portInUse();
        if (findings.dataDirectoryInUse()) {
            return REFUSE_DATA_DIRECTORY_IN_USE;
        }
        if (!findings.pidFileExists()) {
            return portTaken ? REFUSE_PORT_IN_USE : START;
        }
        if (findings.pidFile().isEmpty()) {
            // Unreadable and no live start holds the directory: the remnant of a start that died
            // while writing it. PostgreSQL refuses to start over an empty one.
            return portTaken ? REFUSE_PORT_IN_USE : REMOVE_STALE_PID_FILE;
        }
        return switch (findings.holder()) {
            case THIS_DATA_DIRECTORYS_POSTMASTER -> {
                int leftoverPort = findings.pidFile().get().port();
                boolean someoneElseHasThePort =
                        portTaken && leftoverPort != 0 && leftoverPort != findings.port();
                yield someoneElseHasThePort ? REFUSE_PORT_IN_USE : STOP_LEFTOVER_SERVER;
            }
            case NOBODY, ANOTHER_PROCESS -> portTaken ? REFUSE_PORT_IN_USE : REMOVE_STALE_PID_FILE;
            case CANNOT_TELL -> REFUSE_UNKNOWN_PID_HOLDER;
        };
    }
}
