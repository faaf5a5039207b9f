package so.rend.internalhttp;

/** A request path that is not canonical ({@link CanonicalPaths}): refused before routing. */
public final class InvalidPathException extends RuntimeException {

    public InvalidPathException(String reason) {
        super(reason, null, false, false);
    }
}
