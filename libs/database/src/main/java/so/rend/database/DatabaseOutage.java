package so.rend.database;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

/**
 * Tells a database that cannot be reached, or that dropped the connection under a request, from a
 * database that refused a query. The first is temporary and worth a retry (an API answers 503); the
 * second is a bug or bad data (bad SQL, a violated constraint) and stays an error.
 */
public final class DatabaseOutage {

    /**
     * SQLSTATEs outside class 08 (connection exception) that also mean "not now": the server is
     * shutting down or was told to end the session (57P01 admin shutdown, 57P02 crash shutdown,
     * 57P05 idle-session timeout), is still starting (57P03 cannot connect now), or has no
     * connection slot left (53300 too many connections).
     */
    private static final Set<String> UNAVAILABLE_STATES =
            Set.of("57P01", "57P02", "57P03", "57P05", "53300");

    private static final int MAX_CAUSES = 32;

    private DatabaseOutage() {}

    /** Whether {@code error} or one of its causes says the database is unavailable. */
    public static boolean explains(Throwable error) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
            if (cause instanceof R2dbcException r2dbc) {
                // The outermost R2DBC exception is the driver's or the pool's verdict; a socket
                // error below it is only how it found out.
                return unavailable(r2dbc);
            }
            if (cause instanceof ConnectException || cause instanceof ClosedChannelException) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }

    private static boolean unavailable(R2dbcException error) {
        String state = error.getSqlState();
        if (state != null && !state.isEmpty()) {
            return state.startsWith("08") || UNAVAILABLE_STATES.contains(state);
        }
        // No SQLSTATE: the pool or the driver speaking, not the server. A timeout is the pool
        // waiting for a connection (Rend sets no statement timeout), a resource error a connection
        // that could not be opened or validated.
        return error instanceof R2dbcTimeoutException
                || error instanceof R2dbcNonTransientResourceException
                || error instanceof R2dbcTransientResourceException;
    }
}
