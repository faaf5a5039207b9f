package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;

/** The edge's certificate and key: a kubernetes.io/tls Secret mounted whole, and where they are. */
final class EdgeTlsFiles {
    /** Where the TLS Secret is mounted: the kubelet swaps its files in place on renewal. */
    static final String TLS_DIR = "/etc/rend-edge/tls";

    static final String TLS_VOLUME = "tls";

    private EdgeTlsFiles() {}

    /**
     * The certificate Secret, readable by the pod's group only (fsGroup), mounted whole: a subPath
     * mount would never see a renewal.
     */
    static Volume volume(String secretName) {
        return new VolumeBuilder()
                .withName(TLS_VOLUME)
                .withNewSecret()
                .withSecretName(secretName)
                .withDefaultMode(0440)
                .addNewItem()
                .withKey(ResourceNames.TLS_CERT_KEY)
                .withPath(ResourceNames.TLS_CERT_KEY)
                .endItem()
                .addNewItem()
                .withKey(ResourceNames.TLS_KEY_KEY)
                .withPath(ResourceNames.TLS_KEY_KEY)
                .endItem()
                .endSecret()
                .build();
    }

    static VolumeMount mount() {
        VolumeMount tls = PodSecurity.mount(TLS_VOLUME, TLS_DIR);
        tls.setReadOnly(true);
        return tls;
    }

    /** The edge's settings naming the two files (rend-edge then serves HTTPS and HTTP/2). */
    static List<EnvVar> env() {
        return List.of(
                new EnvVar(
                        "REND_EDGE_TLS_CERT_FILE",
                        TLS_DIR + "/" + ResourceNames.TLS_CERT_KEY,
                        null),
                new EnvVar(
                        "REND_EDGE_TLS_KEY_FILE", TLS_DIR + "/" + ResourceNames.TLS_KEY_KEY, null));
    }
}
