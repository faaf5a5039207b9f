package so.rend.edge.origin;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import so.rend.objectstore.ObjectContent;
import so.rend.objectstore.ObjectNotFoundException;
import so.rend.objectstore.ObjectStore;

/**
 * Where cache misses are filled from: the S3 origin, and a backup origin with the same key layout
 * tried when the primary fails (not when it says the object does not exist). Viewers never learn
 * either address.
 */
public final class Origin implements AutoCloseable {

    /** Why a fill could not start: mapped to 404, 502 or 504 at the edge of the system. */
    public static final class OriginException extends RuntimeException {

        public enum Kind {
            NOT_FOUND,
            UNAVAILABLE,
            TIMEOUT
        }

        private final Kind kind;

        OriginException(Kind kind, Throwable cause) {
            super(kind.name().toLowerCase(), cause, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final ObjectStore primary;
    private final ObjectStore backup;
    private final Duration timeout;

    public Origin(ObjectStore primary, ObjectStore backup, Duration timeout) {
        this.primary = primary;
        this.backup = backup;
        this.timeout = timeout;
    }

    /** Starts reading {@code objectKey}: the object's metadata arrives first, then its bytes. */
    public Mono<ObjectContent> fetch(String objectKey) {
        Mono<ObjectContent> fromPrimary = read(primary, objectKey);
        if (backup == null) {
            return fromPrimary;
        }
        return fromPrimary.onErrorResume(
                e -> e instanceof OriginException o && o.kind() != OriginException.Kind.NOT_FOUND,
                e -> read(backup, objectKey));
    }

    private Mono<ObjectContent> read(ObjectStore store, String objectKey) {
        return store.get(objectKey, null)
                .timeout(timeout)
                .onErrorMap(
                        e -> !(e instanceof OriginException),
                        e ->
                                new OriginException(
                                        e instanceof ObjectNotFoundException
                                                ? OriginException.Kind.NOT_FOUND
                                                : e instanceof TimeoutException
                                                        ? OriginException.Kind.TIMEOUT
                                                        : OriginException.Kind.UNAVAILABLE,
                                        e));
    }

    @Override
    public void close() {
        primary.close();
        if (backup != null) {
            backup.close();
        }
    }
}
