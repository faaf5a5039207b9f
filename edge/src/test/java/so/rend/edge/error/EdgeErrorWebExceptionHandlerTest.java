package so.rend.edge.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

class EdgeErrorWebExceptionHandlerTest {

    private final EdgeErrorWebExceptionHandler handler = new EdgeErrorWebExceptionHandler();

    @Test
    void anUnexpectedFaultIsA500InTheOneShapeThatTellsNothingOfTheFault() {
        MockServerWebExchange exchange = exchange();
        handler.handle(
                        exchange,
                        new IllegalStateException("db password is hunter2 at /secret/path"))
                .block();

        assertThat(exchange.getResponse().getStatusCode())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(exchange.getResponse().getHeaders().getContentType())
                .isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .isEqualTo(
                        "{\"error\":{\"code\":\"internal_error\",\"message\":\"the edge could not answer"
                                + " this request\"}}")
                .doesNotContain("hunter2")
                .doesNotContain("IllegalStateException");
    }

    @Test
    void frameworkRefusalsKeepTheirStatusAndHeadersAndTakeTheEdgesCodes() {
        MockServerWebExchange wrongMethod = exchange();
        handler.handle(
                        wrongMethod,
                        new MethodNotAllowedException(HttpMethod.GET, Set.of(HttpMethod.POST)))
                .block();
        assertThat(wrongMethod.getResponse().getStatusCode())
                .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(wrongMethod.getResponse().getHeaders().getAllow())
                .containsExactly(HttpMethod.POST);
        assertThat(wrongMethod.getResponse().getBodyAsString().block())
                .contains("\"code\":\"method_not_allowed\"");

        MockServerWebExchange wrongType = exchange();
        handler.handle(
                        wrongType,
                        new UnsupportedMediaTypeStatusException(
                                MediaType.TEXT_PLAIN, List.of(MediaType.APPLICATION_JSON)))
                .block();
        assertThat(wrongType.getResponse().getStatusCode())
                .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(wrongType.getResponse().getBodyAsString().block())
                .contains("\"code\":\"unsupported_content_type\"");

        assertThat(
                        EdgeErrorWebExceptionHandler.answer(
                                        new ResponseStatusException(HttpStatus.NOT_FOUND))
                                .error())
                .isEqualTo(EdgeError.NOT_FOUND);
        assertThat(
                        EdgeErrorWebExceptionHandler.answer(
                                        new ServerWebInputException("bad param"))
                                .error())
                .isEqualTo(EdgeError.INVALID_REQUEST);
        assertThat(
                        EdgeErrorWebExceptionHandler.answer(
                                        new ResponseStatusException(HttpStatus.CONFLICT))
                                .error())
                .isEqualTo(EdgeError.INVALID_REQUEST);
        assertThat(
                        EdgeErrorWebExceptionHandler.answer(
                                        new ResponseStatusException(HttpStatus.BAD_GATEWAY))
                                .error())
                .isEqualTo(EdgeError.INTERNAL_ERROR);
    }

    @Test
    void anEdgeErrorIsAnsweredWithItsOwnMessage() {
        MockServerWebExchange exchange = exchange();
        handler.handle(exchange, EdgeError.INVALID_REQUEST.exception("warm needs asset_id"))
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .isEqualTo(
                        "{\"error\":{\"code\":\"invalid_request\",\"message\":\"warm needs asset_id\"}}");
    }

    private static MockServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/internal/anything"));
    }
}
