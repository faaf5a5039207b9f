package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.HomeRegionApi;
import so.rend.operator.customresource.RendRegion;

class HomeRegionControlPlaneTest {
    @Test
    void onlyTheHomeRegionHostsTheApi() {
        RendRegion region = Fixtures.region("edge", "fra", "ghcr.io/rend/edge:1");
        assertThat(HomeRegionControlPlane.fromCrd(region)).isEmpty();
    }

    @Test
    void homeRegionRunsRendApiBehindAServiceOnItsPort() {
        RendRegion region = Fixtures.region("edge", "iad", "ghcr.io/rend/edge:1");
        region.getSpec().api = new HomeRegionApi();
        region.getSpec().api.image = "ghcr.io/rend/api:1";
        region.getSpec().api.envFromSecrets.add("rend-api-env");
        var controlPlane = HomeRegionControlPlane.fromCrd(region).orElseThrow();
        var deployment = controlPlane.generateDeployment();
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(deployment.getMetadata().getName()).isEqualTo("iad-api");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container.getImage()).isEqualTo("ghcr.io/rend/api:1");
        assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(4000);
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getEnvFrom())
                .singleElement()
                .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("rend-api-env"));
        var service = controlPlane.generateService();
        assertThat(service.getMetadata().getName()).isEqualTo("iad-api");
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(4000);
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        var budget = controlPlane.generatePodDisruptionBudget();
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(region.getMetadata().getUid()));
    }
}
