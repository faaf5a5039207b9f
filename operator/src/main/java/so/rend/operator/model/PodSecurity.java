package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;

/**
 * The pod and container settings every Rend pod gets, those of Pod Security {@code restricted}: the
 * images' own non-root user, no privilege escalation, every capability dropped, the runtime's
 * default seccomp profile, and a read-only root filesystem with an emptyDir for what a JVM writes
 * ({@code /tmp}: its perf data and the native libraries Netty and JavaCPP unpack; the home
 * directory). The edge adds the host network, host ports and its hostPath cache on top, which even
 * {@code baseline} forbids: its namespace is labelled {@code privileged}, and every other control
 * is still set on it.
 */
public final class PodSecurity {
    /** The user and group the images run as (the images profile in the root pom). */
    public static final long USER = 10_001L;

    static final String TMP_VOLUME = "tmp";
    static final String HOME_VOLUME = "home";
    static final String HOME_DIR = "/home/rend";

    private PodSecurity() {}

    public static PodSecurityContext pod() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(USER)
                .withRunAsGroup(USER)
                .withFsGroup(USER)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build();
    }

    public static SecurityContext container() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build();
    }

    /** emptyDirs for {@code /tmp} and the home directory. */
    public static List<Volume> scratchVolumes() {
        return List.of(emptyDir(TMP_VOLUME), emptyDir(HOME_VOLUME));
    }

    public static List<VolumeMount> scratchMounts() {
        return List.of(mount(TMP_VOLUME, "/tmp"), mount(HOME_VOLUME, HOME_DIR));
    }

    static Volume emptyDir(String name) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
    }

    static VolumeMount mount(String volume, String path) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
    }

    /**
     * What the resource declares, or else these requests (no limits: the JVMs size their heaps from
     * a limit when there is one), so the scheduler never places a pod as if it cost nothing.
     */
    public static ResourceRequirements requestsOr(
            ResourceRequirements declared, String cpu, String memory) {
        if (declared != null) {
            return declared;
        }
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(cpu))
                .addToRequests("memory", new Quantity(memory))
                .build();
    }
}
