package so.rend.internalhttp;

/** A request on the internal listener without the right internal token. */
public final class InternalTokenMissingException extends RuntimeException {

    public InternalTokenMissingException() {
        super(
                "internal endpoints need the internal token (x-rend-internal-token, or"
                        + " Authorization: Bearer)",
                null,
                false,
                false);
    }
}
