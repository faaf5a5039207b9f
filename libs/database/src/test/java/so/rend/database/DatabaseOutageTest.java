package so.rend.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The driver's own exception classes are package-private, so these are the SPI types they extend
 * with the SQLSTATEs r2dbc-postgresql gives them (08003 cannot connect, 08006 connection closed).
 */
class DatabaseOutageTest {

    @Test
    void aConnectionThatCannotBeOpenedOrWasLostIsAnOutage() {
        assertThat(explains(new R2dbcNonTransientResourceException("Cannot connect", "08003")))
                .isTrue();
        assertThat(
                        explains(
                                new R2dbcNonTransientResourceException(
                                        "Cannot exchange messages because the connection is closed",
                                        "08006")))
                .isTrue();
        assertThat(explains(new R2dbcTransientResourceException("request queue full", "08006")))
                .isTrue();
    }

    @Test
    void aServerShuttingDownStartingOrFullIsAnOutage() {
        for (String state : new String[] {"57P01", "57P02", "57P03", "57P05", "53300"}) {
            assertThat(explains(new R2dbcNonTransientResourceException("server says", state)))
                    .as(state)
                    .isTrue();
        }
    }

    @Test
    void thePoolGivingUpOnAConnectionIsAnOutage() {
        assertThat(
                        explains(
                                new R2dbcTimeoutException(
                                        "Connection acquisition timed out after 3000ms",
                                        new TimeoutException())))
                .isTrue();
        assertThat(explains(new R2dbcNonTransientResourceException("Connection validation failed")))
                .isTrue();
    }

    @Test
    void theCauseChainIsSearchedAsFrameworksWrapIt() {
        Throwable refused =
                new IllegalStateException(
                        "Failed to obtain R2DBC Connection",
                        new R2dbcNonTransientResourceException(
                                "Cannot connect to 127.0.0.1:5432",
                                "08003",
                                0,
                                (String) null,
                                new ConnectException("Connection refused")));
        assertThat(explains(refused)).isTrue();
        assertThat(explains(new RuntimeException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(explains(new RuntimeException(new ClosedChannelException()))).isTrue();
    }

    @Test
    void aQueryTheServerRefusedIsNotAnOutage() {
        assertThat(explains(new R2dbcBadGrammarException("relation does not exist", "42P01")))
                .isFalse();
        assertThat(explains(new R2dbcDataIntegrityViolationException("duplicate key", "23505")))
                .isFalse();
        assertThat(explains(new R2dbcRollbackException("serialization failure", "40001")))
                .isFalse();
        assertThat(explains(new R2dbcPermissionDeniedException("permission denied", "42501")))
                .isFalse();
        // r2dbc-postgresql files every SQLSTATE it does not classify (a trigger's RAISE, a lock
        // timeout) as a resource exception: the state, not the class, decides.
        assertThat(explains(new R2dbcNonTransientResourceException("raised", "P0001"))).isFalse();
        assertThat(explains(new R2dbcNonTransientResourceException("lock timeout", "55P03")))
                .isFalse();
    }

    @Test
    void anythingElseIsNotAnOutage() {
        assertThat(explains(new IllegalStateException("boom"))).isFalse();
        assertThat(explains(new RuntimeException(new TimeoutException()))).isFalse();
        assertThat(explains(null)).isFalse();
    }

    private static boolean explains(Throwable error) {
        return DatabaseOutage.explains(error);
    }
}
