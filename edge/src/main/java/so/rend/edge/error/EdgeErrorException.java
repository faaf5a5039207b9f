package so.rend.edge.error;

/**
 * An {@link EdgeError} raised by a WebFlux handler; {@link EdgeErrorWebExceptionHandler} answers
 * it. No stack trace: it is an answer, not a fault.
 */
public final class EdgeErrorException extends RuntimeException {

    private final ErrorBody body;

    EdgeErrorException(ErrorBody body) {
        super(body.toString(), null, false, false);
        this.body = body;
    }

    public ErrorBody body() {
        return body;
    }
}
