package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RendEncodingPool;
import so.rend.operator.customresource.RendEncodingPoolStatus;
import so.rend.operator.customresource.ScaleRecommendation;
import so.rend.operator.customresource.ScalerKind;
import so.rend.operator.model.Conditions;
import so.rend.operator.model.EncodingPoolWorkers;
import so.rend.operator.model.PoolConditions;
import so.rend.operator.model.QueueScaling;
import so.rend.operator.model.ResourceNames;

/**
 * RendEncodingPool → worker Deployment, scaled either by a KEDA ScaledObject (where KEDA is
 * installed) or by the operator itself from the queue depth it reads every poll interval.
 */
@ControllerConfiguration(name = "rendencodingpool")
public final class RendEncodingPoolReconciler implements Reconciler<RendEncodingPool> {
    private static final Logger log = LoggerFactory.getLogger(RendEncodingPoolReconciler.class);

    private final KubernetesClient client;
    private final ResourceWriter writer;
    private final QueueDepthSource queueDepth;
    private final Clock clock;

    public RendEncodingPoolReconciler(
            KubernetesClient client, QueueDepthSource queueDepth, Clock clock) {
        this.client = client;
        this.writer = new ResourceWriter(client);
        this.queueDepth = queueDepth;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, RendEncodingPool>> prepareEventSources(
            EventSourceContext<RendEncodingPool> context) {
        var deployments =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(
                                        Deployment.class, RendEncodingPool.class)
                                .withName("worker-deployments")
                                .withLabelSelector(
                                        ResourceNames.APP_NAME_LABEL
                                                + "="
                                                + ResourceNames.WORKER_APP)
                                .withSecondaryToPrimaryMapper(
                                        d -> {
                                            Map<String, String> labels =
                                                    d.getMetadata().getLabels();
                                            String pool =
                                                    labels == null
                                                            ? null
                                                            : labels.get(ResourceNames.POOL_LABEL);
                                            return pool == null
                                                    ? Set.of()
                                                    : Set.of(
                                                            new ResourceID(
                                                                    pool,
                                                                    d.getMetadata()
                                                                            .getNamespace()));
                                        })
                                .build(),
                        context);
        return List.of(deployments);
    }

    @Override
    public UpdateControl<RendEncodingPool> reconcile(
            RendEncodingPool pool, Context<RendEncodingPool> context) {
        Instant now = clock.instant();
        Long generation = pool.getMetadata().getGeneration();
        PoolScaling scaling =
                pool.getSpec().scaling == null ? new PoolScaling() : pool.getSpec().scaling;
        EncodingPoolWorkers workers = EncodingPoolWorkers.fromCrd(pool);
        RendEncodingPoolStatus previous =
                pool.getStatus() == null ? new RendEncodingPoolStatus() : pool.getStatus();
        RendEncodingPoolStatus status = new RendEncodingPoolStatus();
        status.observedGeneration = generation;

        // From the informer's cache: a reconcile reads no workload from the API server.
        Deployment existing = context.getSecondaryResource(Deployment.class).orElse(null);
        Deployment deployment;
        Integer current =
                existing == null || existing.getSpec() == null
                        ? null
                        : existing.getSpec().getReplicas();
        boolean kedaInstalled = writer.crdInstalled(ResourceNames.SCALED_OBJECT_CRD);
        boolean useKeda = kedaInstalled && scaling.scaler != ScalerKind.BuiltIn;
        if (kedaInstalled && !useKeda) {
            // Two scalers would both write spec.replicas: the built-in one takes over alone.
            deleteOwnedScaledObject(pool);
        }
        PoolConditions.Problem problem = null;
        int replicas;
        if (scaling.scaler == ScalerKind.Keda && !kedaInstalled) {
            problem =
                    new PoolConditions.Problem(
                            "KedaNotInstalled",
                            "scaler Keda asked for, but "
                                    + ResourceNames.SCALED_OBJECT_CRD
                                    + " is not installed");
            replicas = current == null ? scaling.minReplicas : current;
            deployment = writer.replace(workers.generateDeployment(replicas), existing);
            status.scaler = "keda";
        } else if (useKeda) {
            // KEDA's HPA owns the replica count: the Deployment is applied without it, so no
            // write of the operator's ever touches what the HPA set.
            deployment = writer.apply(workers.generateDeployment(null), existing);
            Integer scaled =
                    deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
            replicas = scaled == null ? scaling.minReplicas : scaled;
            GenericKubernetesResource scaledObject = writer.apply(workers.generateScaledObject());
            String notReady = KedaStatus.notReadyMessage(scaledObject);
            if (notReady != null) {
                problem = new PoolConditions.Problem("ScaledObjectNotReady", notReady);
            }
            status.scaler = "keda";
        } else {
            status.scaler = "builtin";
            replicas = current == null ? scaling.minReplicas : current;
            try {
                long depth = queueDepth.depth(databaseUrl(pool));
                var decision =
                        QueueScaling.decide(
                                depth,
                                scaling.jobsPerReplica,
                                scaling.minReplicas,
                                scaling.maxReplicas,
                                Duration.ofSeconds(scaling.scaleDownStabilizationSeconds),
                                now,
                                history(previous));
                replicas = decision.replicas();
                status.queueDepth = depth;
                for (var r : decision.window()) {
                    status.recommendations.add(
                            new ScaleRecommendation(r.at().toString(), r.replicas()));
                }
                if (current == null || current != replicas) {
                    log.info(
                            "pool {}: queue depth {} → {} workers",
                            pool.getMetadata().getName(),
                            depth,
                            replicas);
                }
            } catch (Exception e) {
                problem =
                        new PoolConditions.Problem(
                                "QueueDepthUnavailable",
                                "could not read the media job queue depth");
                status.queueDepth = previous.queueDepth;
                status.recommendations = previous.recommendations;
                log.warn(
                        "pool {}: reading the queue depth failed: {}",
                        pool.getMetadata().getName(),
                        e.toString());
            }
            deployment = writer.replace(workers.generateDeployment(replicas), existing);
        }
        status.replicas = replicas;
        Integer ready =
                deployment == null || deployment.getStatus() == null
                        ? null
                        : deployment.getStatus().getReadyReplicas();
        status.readyReplicas = ready == null ? 0 : ready;

        status.conditions =
                PoolConditions.of(
                        previous.conditions,
                        problem,
                        status.readyReplicas,
                        replicas,
                        status.scaler,
                        generation,
                        now);
        pool.setStatus(status);
        return UpdateControl.patchStatus(pool)
                .rescheduleAfter(scaling.pollIntervalSeconds, TimeUnit.SECONDS);
    }

    /** The pool's own ScaledObject (owner reference to this pool), if there is one. */
    private void deleteOwnedScaledObject(RendEncodingPool pool) {
        var scaledObjects =
                client.genericKubernetesResources(
                                ResourceNames.SCALED_OBJECT_API_VERSION,
                                ResourceNames.SCALED_OBJECT_KIND)
                        .inNamespace(pool.getMetadata().getNamespace())
                        .withName(ResourceNames.scaledObject(pool.getMetadata().getName()));
        GenericKubernetesResource existing = scaledObjects.get();
        if (existing != null
                && existing.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> pool.getMetadata().getUid().equals(o.getUid()))) {
            log.info(
                    "pool {}: built-in scaler now, deleting ScaledObject {}",
                    pool.getMetadata().getName(),
                    existing.getMetadata().getName());
            scaledObjects.delete();
        }
    }

    private static List<QueueScaling.Recommendation> history(RendEncodingPoolStatus previous) {
        List<QueueScaling.Recommendation> history = new ArrayList<>();
        for (ScaleRecommendation r : previous.recommendations) {
            if (r.at != null && r.replicas != null) {
                history.add(new QueueScaling.Recommendation(Instant.parse(r.at), r.replicas));
            }
        }
        return history;
    }

    private String databaseUrl(RendEncodingPool pool) {
        String url =
                SecretValues.read(
                        client,
                        pool.getMetadata().getNamespace(),
                        pool.getSpec().databaseSecretName,
                        ResourceNames.DATABASE_URL_KEY);
        if (url == null) {
            throw new IllegalStateException(
                    "secret "
                            + pool.getSpec().databaseSecretName
                            + " not found or has no key "
                            + ResourceNames.DATABASE_URL_KEY);
        }
        return url;
    }

    /**
     * A reconcile that throws still tells the user why: Degraded=True, ReconcileFailed (JOSDK
     * retries).
     */
    @Override
    public ErrorStatusUpdateControl<RendEncodingPool> updateErrorStatus(
            RendEncodingPool pool, Context<RendEncodingPool> context, Exception e) {
        RendEncodingPoolStatus status =
                pool.getStatus() == null ? new RendEncodingPoolStatus() : pool.getStatus();
        status.conditions =
                Conditions.set(
                        status.conditions,
                        Conditions.DEGRADED,
                        true,
                        "ReconcileFailed",
                        Conditions.failure(e),
                        pool.getMetadata().getGeneration(),
                        clock.instant());
        pool.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(pool);
    }
}
