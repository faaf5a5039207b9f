package so.rend.dev;

import so.rend.embedded.StartRefusedException;

/**
 * Why the embedded mode did not start, as the one line {@code main} prints instead of a stack
 * trace: something else holds a port or the data directory, and nothing was changed.
 */
final class StartRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private StartRefusal(String line) {
        super("rend-dev: " + line, null, false, false);
    }

    static StartRefusal portInUse(int port, String variable) {
        return new StartRefusal(
                "port " + port + " is in use by another process; set " + variable + " or stop it");
    }

    static StartRefusal sharedPort(int port, String variable, String otherVariable) {
        return new StartRefusal(
                variable + " and " + otherVariable + " are both " + port + "; give each its own");
    }

    static StartRefusal badSetting(String message) {
        return new StartRefusal(message);
    }

    /** An embedded server's refusal, with the setting that moves it. */
    static StartRefusal of(StartRefusedException refused, String portVariable) {
        return new StartRefusal(
                switch (refused.reason()) {
                    case PORT_IN_USE ->
                            refused.getMessage() + "; set " + portVariable + " or stop it";
                    case DATA_DIRECTORY_IN_USE ->
                            refused.getMessage() + "; stop that Rend or set REND_DATA_DIR";
                    case UNKNOWN_PID_HOLDER -> refused.getMessage();
                });
    }
}
