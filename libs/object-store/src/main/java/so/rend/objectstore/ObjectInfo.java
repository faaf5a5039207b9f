package so.rend.objectstore;

import java.time.Instant;

/** What a HEAD or a listing tells about an object. */
public record ObjectInfo(
        String key, long byteSize, String etag, String contentType, Instant lastModified) {}
