package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A value out of a Secret read by name (the operator needs no list or watch on Secrets): from
 * {@code data} (base64, trimmed) or, for a Secret not yet stored, {@code stringData}.
 */
final class SecretValues {
    private SecretValues() {}

    /** The value, or null when the Secret or the key is missing. */
    static String read(KubernetesClient client, String namespace, String name, String key) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return null;
        }
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(
                            Base64.getDecoder().decode(secret.getData().get(key)),
                            StandardCharsets.UTF_8)
                    .trim();
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }
}
