package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Reads of a primary's secondary resources from the informer caches JOSDK keeps for them. */
final class CachedResources {
    private CachedResources() {}

    /** The primary's secondary resource of {@code kind} named {@code name}, or null. */
    static <T extends HasMetadata> T named(Context<?> context, Class<T> kind, String name) {
        return context.getSecondaryResources(kind).stream()
                .filter(o -> name.equals(o.getMetadata().getName()))
                .findFirst()
                .orElse(null);
    }
}
