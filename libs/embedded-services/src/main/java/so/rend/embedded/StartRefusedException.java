package so.rend.embedded;

/**
 * An embedded server did not start because something else holds what it needs: its port, or its
 * data directory. The message is one line for a person; nothing was changed.
 */
public final class StartRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What was in the way. */
    public enum Reason {
        PORT_IN_USE,
        DATA_DIRECTORY_IN_USE,
        UNKNOWN_PID_HOLDER
    }

    private final Reason reason;

    /** The port asked for. */
    private final int port;

    StartRefusedException(Reason reason, int port, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.port = port;
    }

    public Reason reason() {
        return reason;
    }

    public int port() {
        return port;
    }
}
