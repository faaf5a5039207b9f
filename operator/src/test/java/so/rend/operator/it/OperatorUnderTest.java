package so.rend.operator.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import so.rend.operator.RendOperator;
import so.rend.operator.reconciler.HttpEdgeWarmer;
import so.rend.operator.reconciler.QueueDepthSource;

/** The operator as main() builds it (server-side apply on), with a test's queue depth source. */
final class OperatorUnderTest implements AutoCloseable {
    private final Operator operator;

    /** Watches only the test's namespace, so tests that share the API server do not meet. */
    OperatorUnderTest(KubernetesClient client, String namespace, QueueDepthSource queueDepth) {
        operator =
                RendOperator.create(
                        client,
                        new RendOperator.Settings(
                                        true,
                                        null,
                                        new HttpEdgeWarmer(Duration.ofSeconds(5)),
                                        queueDepth,
                                        Clock.systemUTC())
                                .watching(Set.of(namespace)));
        operator.start();
    }

    static OperatorUnderTest withoutQueue(KubernetesClient client, String namespace) {
        return new OperatorUnderTest(
                client,
                namespace,
                url -> {
                    throw new IllegalStateException("no queue in this test");
                });
    }

    @Override
    public void close() {
        operator.stop();
    }
}
