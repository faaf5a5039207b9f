package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RendEncodingPool;

class EncodingPoolWorkersTest {
    private final RendEncodingPool pool =
            Fixtures.pool("media", "default", new PoolScaling(1, 10, 4, 300));

    @Test
    void workerDeploymentCarriesImageNodeSelectorFfmpegSettingsAndTheDatabaseSecret() {
        pool.getSpec().nodeSelector.put("rend.so/pool", "encode");
        pool.getSpec().ffmpeg.ffmpegPath = "/usr/bin/ffmpeg";
        pool.getSpec().concurrency = 2;
        pool.getSpec().envFromSecrets.add("rend-object-store");
        var deployment = EncodingPoolWorkers.fromCrd(pool).generateDeployment(3);
        var pod = deployment.getSpec().getTemplate().getSpec();
        var worker = pod.getContainers().get(0);
        assertThat(deployment.getMetadata().getName()).isEqualTo("default-worker");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(pod.getNodeSelector()).containsEntry("rend.so/pool", "encode");
        assertThat(worker.getImage()).isEqualTo("ghcr.io/rend/worker:1");
        assertThat(worker.getEnv())
                .anySatisfy(
                        e -> {
                            assertThat(e.getName()).isEqualTo("REND_DATABASE_URL");
                            assertThat(e.getValueFrom().getSecretKeyRef().getName())
                                    .isEqualTo("rend-database");
                        });
        assertThat(worker.getEnv())
                .anySatisfy(
                        e -> {
                            assertThat(e.getName()).isEqualTo("REND_MEDIA_PROCESS_TIMEOUT_SECS");
                            assertThat(e.getValue()).isEqualTo("1800");
                        });
        assertThat(worker.getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .contains("REND_FFMPEG_PATH=/usr/bin/ffmpeg", "REND_WORKER_CONCURRENCY=2")
                .noneMatch(e -> e.startsWith("REND_FFPROBE_PATH="));
        assertThat(worker.getEnvFrom())
                .singleElement()
                .satisfies(
                        e -> assertThat(e.getSecretRef().getName()).isEqualTo("rend-object-store"));
        assertThat(deployment.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("RendEncodingPool"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void scaledObjectUsesThePostgresqlTriggerOnTheCoalescedQueueQuery() {
        var scaled = EncodingPoolWorkers.fromCrd(pool).generateScaledObject();
        var spec = (Map<String, Object>) scaled.getAdditionalProperties().get("spec");
        assertThat(scaled.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaled.getKind()).isEqualTo("ScaledObject");
        assertThat(spec).containsEntry("minReplicaCount", 1).containsEntry("maxReplicaCount", 10);
        assertThat((Map<String, Object>) spec.get("scaleTargetRef"))
                .containsEntry("name", "default-worker");
        var trigger = ((List<Map<String, Object>>) spec.get("triggers")).get(0);
        assertThat(trigger).containsEntry("type", "postgresql");
        var metadata = (Map<String, Object>) trigger.get("metadata");
        assertThat((String) metadata.get("query")).isEqualTo(QueueScaling.QUEUE_DEPTH_QUERY);
        assertThat(metadata)
                .containsEntry("targetQueryValue", "4")
                .containsEntry("connectionFromEnv", "REND_DATABASE_URL");
        assertThat(spec.get("advanced").toString()).contains("stabilizationWindowSeconds=300");
    }

    @Test
    void workerRunsConfinedWithProbesAnEmptyDirWorkDirAndDefaultRequests() {
        var pod = EncodingPoolWorkers.fromCrd(pool).generateDeployment(1).getSpec().getTemplate();
        var worker = pod.getSpec().getContainers().get(0);
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(worker.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(worker.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(worker.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(worker.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(worker.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(4200);
        assertThat(worker.getEnv())
                .anySatisfy(
                        e -> {
                            assertThat(e.getName()).isEqualTo("REND_WORKER_WORK_DIR");
                            assertThat(e.getValue()).isEqualTo("/var/lib/rend-worker");
                        });
        assertThat(worker.getVolumeMounts())
                .extracting(m -> m.getName() + ":" + m.getMountPath())
                .contains("work:/var/lib/rend-worker", "tmp:/tmp", "home:/home/rend");
        assertThat(pod.getSpec().getVolumes())
                .filteredOn(v -> "work".equals(v.getName()))
                .singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        assertThat(worker.getResources().getRequests()).containsKeys("cpu", "memory");
    }
}
