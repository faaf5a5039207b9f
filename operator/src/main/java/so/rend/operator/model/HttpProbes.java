package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/** The HTTP GET probes of Rend's containers. */
final class HttpProbes {
    private HttpProbes() {}

    /**
     * @param timeoutSeconds null: the kubelet's default (1 s)
     * @param failureThreshold null: the kubelet's default (3)
     */
    static Probe get(
            String path,
            int port,
            int periodSeconds,
            Integer timeoutSeconds,
            Integer failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString(port))
                .endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(timeoutSeconds)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
