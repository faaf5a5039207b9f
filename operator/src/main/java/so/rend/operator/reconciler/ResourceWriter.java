package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import so.rend.operator.model.Hashes;
import so.rend.operator.model.ResourceNames;

/**
 * The one writer for every kind the operator owns. It stamps the desired object with a hash of
 * itself and skips the write when the object (as the informer cache holds it) carries the same hash
 * and has not been changed by anyone else since this writer wrote it (same metadata.generation
 * where the kind has one, else same resourceVersion). So a reconcile that changes nothing sends no
 * requests at all, a server's defaulting does not look like drift, and a hand edit of an owned
 * object is undone.
 */
public final class ResourceWriter {
    private final KubernetesClient client;

    /** uid → generation (or resourceVersion) this writer last left the object at. */
    private final Map<String, String> written = new ConcurrentHashMap<>();

    /** The field manager of the operator's server-side applies. */
    public static final String FIELD_MANAGER = "rend-operator";

    public ResourceWriter(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Server-side apply as {@value #FIELD_MANAGER} unless {@code current} (the object as an
     * informer cache holds it; null when the cache has none) is already the desired one and nobody
     * changed it since this writer wrote it. An object this process has not written yet (an earlier
     * operator process did) is trusted by its hash once. A field left out of {@code desired} stays
     * with whoever owns it (a worker Deployment's replicas under KEDA's HPA); conflicts are forced,
     * so a hand edit of a field the operator sets is undone.
     */
    public <T extends HasMetadata> T apply(T desired, T current) {
        T unchanged = unchanged(current, stamp(desired));
        if (unchanged != null) {
            return unchanged;
        }
        return remember(
                client.resource(desired)
                        .fieldManager(FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply());
    }

    /** {@link #apply(HasMetadata, HasMetadata)} for a kind no informer caches: reads it by name. */
    public <T extends HasMetadata> T apply(T desired) {
        return apply(desired, client.resource(desired).get());
    }

    /**
     * A full update (PUT) unless {@code current} already is the desired object. Only for the worker
     * Deployment under the built-in scaler: its replicas stay owned by an update, not by the
     * operator's apply, so switching the pool to KEDA (an apply without replicas) does not reset
     * them to 1 while KEDA's HPA takes over.
     */
    public <T extends HasMetadata> T replace(T desired, T current) {
        T unchanged = unchanged(current, stamp(desired));
        if (unchanged != null) {
            return unchanged;
        }
        if (current == null) {
            return remember(client.resource(desired).create());
        }
        desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        return remember(client.resource(desired).update());
    }

    /**
     * {@code current} when it already is the desired object (stamped {@code hash}) and nobody
     * changed it since this writer wrote it, else null (a write is due). An object this process has
     * not written yet (an earlier operator process did) is trusted by its hash once.
     */
    private <T extends HasMetadata> T unchanged(T current, String hash) {
        if (current == null || !sameDesired(current, hash)) {
            return null;
        }
        String version = written.get(current.getMetadata().getUid());
        if (version == null) {
            return remember(current);
        }
        return version.equals(versionOf(current)) ? current : null;
    }

    /** Stamps the desired object's hash on it as an annotation; returns the hash. */
    private static String stamp(HasMetadata desired) {
        String hash = Hashes.of(desired);
        Map<String, String> annotations =
                desired.getMetadata().getAnnotations() == null
                        ? new HashMap<>()
                        : new HashMap<>(desired.getMetadata().getAnnotations());
        annotations.put(ResourceNames.DESIRED_HASH_ANNOTATION, hash);
        desired.getMetadata().setAnnotations(annotations);
        return hash;
    }

    private static boolean sameDesired(HasMetadata existing, String hash) {
        Map<String, String> current = existing.getMetadata().getAnnotations();
        return current != null && hash.equals(current.get(ResourceNames.DESIRED_HASH_ANNOTATION));
    }

    private <T extends HasMetadata> T remember(T object) {
        written.put(object.getMetadata().getUid(), versionOf(object));
        return object;
    }

    private static String versionOf(HasMetadata object) {
        Long generation = object.getMetadata().getGeneration();
        return generation != null
                ? "g" + generation
                : "rv" + Objects.toString(object.getMetadata().getResourceVersion());
    }

    public boolean crdInstalled(String name) {
        return client.apiextensions().v1().customResourceDefinitions().withName(name).get() != null;
    }
}
