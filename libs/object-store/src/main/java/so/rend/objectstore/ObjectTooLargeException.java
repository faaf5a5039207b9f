package so.rend.objectstore;

/** A streaming put went past the byte limit it was given; nothing was kept. */
public final class ObjectTooLargeException extends RuntimeException {

    private final long limitBytes;

    public ObjectTooLargeException(long limitBytes) {
        super("object exceeds the limit of " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
