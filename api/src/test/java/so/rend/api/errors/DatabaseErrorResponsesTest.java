package so.rend.api.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.r2dbc.BadSqlGrammarException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * How database failures reach a client, as Spring's R2DBC support wraps them: a database that
 * cannot be reached is {@code 503 database_unavailable} with {@code Retry-After}; a query the
 * database refused stays {@code 500 internal_error}.
 */
class DatabaseErrorResponsesTest {

    @Test
    void aConnectionThatCannotBeObtainedIsDatabaseUnavailableWithRetryAfter() {
        MockServerWebExchange exchange =
                answer(
                        new DataAccessResourceFailureException(
                                "Failed to obtain R2DBC Connection",
                                new R2dbcTimeoutException(
                                        "Connection acquisition timed out after 2000ms")));

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After"))
                .isEqualTo(ErrorResponses.RETRY_AFTER_SECONDS);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"code\":\"database_unavailable\"");
    }

    @Test
    void aConnectionLostUnderAQueryOrATransactionIsDatabaseUnavailable() {
        assertThat(
                        status(
                                new DataAccessResourceFailureException(
                                        "executeMany; SQL [SELECT 1]",
                                        new R2dbcNonTransientResourceException(
                                                "terminating connection due to administrator command",
                                                "57P01"))))
                .isEqualTo(503);
        assertThat(
                        status(
                                new CannotCreateTransactionException(
                                        "Could not open R2DBC Connection for transaction",
                                        new R2dbcNonTransientResourceException(
                                                "Cannot connect to 127.0.0.1:5432", "08003"))))
                .isEqualTo(503);
    }

    @Test
    void aConnectionThatBrokeUnderThePoolIsDatabaseUnavailable() {
        // What DatabaseRecoveryIT saw while PostgreSQL restarted: no R2DBC exception at all, only
        // Netty's socket error (a NativeIoException is an IOException) under Spring's verdict.
        assertThat(
                        status(
                                new DataAccessResourceFailureException(
                                        "Failed to obtain R2DBC Connection",
                                        new IOException(
                                                "recvAddress(..) failed: Connection reset by peer"))))
                .isEqualTo(503);
    }

    @Test
    void aQueryTheDatabaseRefusedStaysAnInternalError() {
        MockServerWebExchange badSql =
                answer(
                        new BadSqlGrammarException(
                                "executeMany",
                                "SELECT nothing FROM nowhere",
                                new R2dbcBadGrammarException(
                                        "relation \"nowhere\" does not exist", "42P01")));
        assertThat(badSql.getResponse().getStatusCode().value()).isEqualTo(500);
        assertThat(badSql.getResponse().getHeaders().getFirst("Retry-After")).isNull();
        assertThat(badSql.getResponse().getBodyAsString().block())
                .contains("\"code\":\"internal_error\"");

        assertThat(
                        status(
                                new DataIntegrityViolationException(
                                        "duplicate key",
                                        new R2dbcDataIntegrityViolationException(
                                                "duplicate key value", "23505"))))
                .isEqualTo(500);
        assertThat(
                        status(
                                new DataAccessResourceFailureException(
                                        "executeMany",
                                        new R2dbcNonTransientResourceException(
                                                "raised by a trigger", "P0001"))))
                .isEqualTo(500);
    }

    private static int status(Throwable error) {
        return answer(error).getResponse().getStatusCode().value();
    }

    private static MockServerWebExchange answer(Throwable error) {
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.get("/v1/assets"));
        new ErrorResponses().handle(exchange, error).block();
        return exchange;
    }
}
