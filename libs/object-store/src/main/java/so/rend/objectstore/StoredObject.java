package so.rend.objectstore;

/** An object as written: its key, exact byte size and entity tag. */
public record StoredObject(String key, long byteSize, String etag) {}
