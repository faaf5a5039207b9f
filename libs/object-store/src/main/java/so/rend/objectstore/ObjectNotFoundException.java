package so.rend.objectstore;

/** The key does not exist in the bucket. */
public final class ObjectNotFoundException extends RuntimeException {

    public ObjectNotFoundException(String key) {
        super("no object at " + key);
    }
}
