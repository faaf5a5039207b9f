package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on the operator's custom resources (core/v1, as {@code kubectl describe} reads
 * them). Best effort: an event that cannot be written is logged, never a failed reconcile.
 */
final class EventPublisher {
    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    static final String COMPONENT = "rend-operator";

    private final KubernetesClient client;
    private final Clock clock;

    EventPublisher(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void publish(HasMetadata subject, String reason, String message, boolean warning) {
        String now =
                DateTimeFormatter.ISO_INSTANT.format(
                        clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String namespace = subject.getMetadata().getNamespace();
        var event =
                new EventBuilder()
                        .withNewMetadata()
                        .withName(
                                subject.getMetadata().getName()
                                        + "."
                                        + UUID.randomUUID().toString().substring(0, 13))
                        .withNamespace(namespace)
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withApiVersion(subject.getApiVersion())
                        .withKind(subject.getKind())
                        .withName(subject.getMetadata().getName())
                        .withNamespace(namespace)
                        .withUid(subject.getMetadata().getUid())
                        .withResourceVersion(subject.getMetadata().getResourceVersion())
                        .endInvolvedObject()
                        .withReason(reason)
                        .withMessage(message)
                        .withType(warning ? "Warning" : "Normal")
                        .withFirstTimestamp(now)
                        .withLastTimestamp(now)
                        .withCount(1)
                        .withNewSource()
                        .withComponent(COMPONENT)
                        .endSource()
                        .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            log.warn(
                    "could not record event {} on {}/{}: {}",
                    reason,
                    namespace,
                    subject.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
