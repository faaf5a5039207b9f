package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueScalingTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void depthZeroSevenAndHundredGiveOneTwoAndTenWorkers() {
        assertThat(QueueScaling.recommend(0, 4, 1, 10)).isEqualTo(1);
        assertThat(QueueScaling.recommend(7, 4, 1, 10)).isEqualTo(2);
        assertThat(QueueScaling.recommend(100, 4, 1, 10)).isEqualTo(10);
    }

    @Test
    void roundsUpAndClampsToTheBounds() {
        assertThat(QueueScaling.recommend(8, 4, 1, 10)).isEqualTo(2);
        assertThat(QueueScaling.recommend(9, 4, 1, 10)).isEqualTo(3);
        assertThat(QueueScaling.recommend(0, 4, 0, 10)).isZero();
        assertThat(QueueScaling.recommend(3, 4, 2, 10)).isEqualTo(2);
        assertThat(QueueScaling.recommend(Long.MAX_VALUE / 2, 1, 1, 1000)).isEqualTo(1000);
        assertThatThrownBy(() -> QueueScaling.recommend(1, 0, 1, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scalesUpAtOnce() {
        var first = QueueScaling.decide(0, 4, 1, 10, Duration.ofMinutes(5), T0, List.of());
        var second =
                QueueScaling.decide(
                        100, 4, 1, 10, Duration.ofMinutes(5), T0.plusSeconds(15), first.window());
        assertThat(first.replicas()).isEqualTo(1);
        assertThat(second.replicas()).isEqualTo(10);
    }

    @Test
    void scaleDownWaitsForTheStabilizationWindow() {
        Duration window = Duration.ofMinutes(5);
        var busy = QueueScaling.decide(100, 4, 1, 10, window, T0, List.of());
        var lull = QueueScaling.decide(0, 4, 1, 10, window, T0.plusSeconds(60), busy.window());
        var stillWithin =
                QueueScaling.decide(7, 4, 1, 10, window, T0.plusSeconds(299), lull.window());
        var after =
                QueueScaling.decide(7, 4, 1, 10, window, T0.plusSeconds(301), stillWithin.window());
        var later =
                QueueScaling.decide(0, 4, 1, 10, window, T0.plusSeconds(302 + 300), after.window());

        assertThat(lull.recommended()).isEqualTo(1);
        assertThat(lull.replicas()).isEqualTo(10);
        assertThat(stillWithin.replicas()).isEqualTo(10);
        assertThat(after.replicas()).isEqualTo(2);
        assertThat(later.replicas()).isEqualTo(1);
    }

    @Test
    void keepsOnlyTheRecommendationsThatCanStillMatter() {
        Duration window = Duration.ofMinutes(5);
        List<QueueScaling.Recommendation> history = List.of();
        for (int i = 0; i < 100; i++) {
            history =
                    QueueScaling.decide(i % 10, 1, 1, 10, window, T0.plusSeconds(i), history)
                            .window();
        }
        assertThat(history.size()).isLessThanOrEqualTo(10);
        assertThat(
                        QueueScaling.decide(0, 1, 1, 10, window, T0.plusSeconds(100), history)
                                .replicas())
                .isEqualTo(9);
    }
}
