package so.rend.embedded;

import java.util.OptionalInt;

/**
 * An embedded server did not start because something else holds what it needs: its port, or its
 * data directory. The message is one line for a person; nothing was changed.
 */
public final class StartRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** 0 when the refusal is not about a port. */
    private final int port;

    private StartRefusedException(String message, int port) {
        super(message, null, false, false);
        this.port = port;
    }

    static StartRefusedException portInUse(int port, String message) {
        return new StartRefusedException(message, port);
    }

    static StartRefusedException other(String message) {
        return new StartRefusedException(message, 0);
    }

    /** The port another process listens on, when that is why the start was refused. */
    public OptionalInt portInUse() {
        return port == 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }
}
