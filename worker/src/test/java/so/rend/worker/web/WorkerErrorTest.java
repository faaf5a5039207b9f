package so.rend.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

class WorkerErrorTest {

    @Test
    void aBodyThatDoesNotParseIsInvalidJson() {
        ServerWebInputException input =
                new ServerWebInputException(
                        "Failed to read HTTP message",
                        null,
                        new DecodingException("JSON decoding error: Unexpected character"));

        assertThat(WorkerError.of(input)).isEqualTo(WorkerError.INVALID_JSON);
        assertThat(WorkerError.INVALID_JSON.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(WorkerError.INVALID_JSON.code()).isEqualTo("invalid_json");
    }

    @Test
    void otherBadInputIsAnInvalidRequest() {
        assertThat(WorkerError.of(new ServerWebInputException("missing parameter")))
                .isEqualTo(WorkerError.INVALID_REQUEST);
    }

    @Test
    void theFrameworksFallbacksKeepTheirStatus() {
        assertThat(WorkerError.of(new ResponseStatusException(HttpStatus.NOT_FOUND)))
                .isEqualTo(WorkerError.NOT_FOUND);
        assertThat(
                        WorkerError.of(
                                new MethodNotAllowedException(
                                        HttpMethod.POST, Set.of(HttpMethod.GET))))
                .isEqualTo(WorkerError.METHOD_NOT_ALLOWED);
        assertThat(WorkerError.of(new UnsupportedMediaTypeStatusException("text/csv")))
                .isEqualTo(WorkerError.UNSUPPORTED_CONTENT_TYPE);
        assertThat(WorkerError.of(new ResponseStatusException(HttpStatus.CONFLICT)))
                .isEqualTo(WorkerError.INVALID_REQUEST);
    }

    @Test
    void anythingElseIsInternalAndSaysNothingOfItsCause() {
        WorkerError error =
                WorkerError.of(new IllegalStateException("connection to 10.0.0.7:5432 refused"));

        assertThat(error).isEqualTo(WorkerError.INTERNAL_ERROR);
        assertThat(error.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(error.code()).isEqualTo("internal_error");
        assertThat(error.message()).isEqualTo("internal error");
        assertThat(WorkerError.of(new ResponseStatusException(HttpStatus.BAD_GATEWAY)))
                .isEqualTo(WorkerError.INTERNAL_ERROR);
    }

    @Test
    void everyCodeIsDistinct() {
        assertThat(Set.of(WorkerError.values()).stream().map(WorkerError::code).distinct())
                .hasSize(WorkerError.values().length);
    }
}
