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
 * itself and skips the write when the object in the cluster carries the same hash and has not been
 * changed by anyone else since this writer wrote it (same metadata.generation where the kind has
 * one, else same resourceVersion). So a reconcile that changes nothing sends no writes, a server's
 * defaulting does not look like drift, and a hand edit of an owned object is undone.
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

    public <T extends HasMetadata> T apply(T desired) {
        String hash = stamp(desired);
        T existing = client.resource(desired).get();
        if (existing == null) {
            return remember(client.resource(desired).create());
        }
        String version = written.get(existing.getMetadata().getUid());
        if (sameDesired(existing, hash)
                && (version == null || version.equals(versionOf(existing)))) {
            // Unknown version: written by an earlier operator process; trust the hash once.
            if (version == null) {
                remember(existing);
            }
            return existing;
        }
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        return remember(client.resource(desired).update());
    }

    /**
     * Server-side apply as {@value #FIELD_MANAGER}: a field left out of {@code desired} stays with
     * whoever owns it (a worker Deployment's replicas under KEDA's HPA). Skipped while the desired
     * object and the version this process wrote are unchanged; an object this process has not
     * written yet is applied once, so the operator's field manager owns what it sets.
     */
    public <T extends HasMetadata> T applyServerSide(T desired) {
        String hash = stamp(desired);
        T existing = client.resource(desired).get();
        if (existing != null
                && sameDesired(existing, hash)
                && versionOf(existing).equals(written.get(existing.getMetadata().getUid()))) {
            return existing;
        }
        return remember(
                client.resource(desired)
                        .fieldManager(FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply());
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
