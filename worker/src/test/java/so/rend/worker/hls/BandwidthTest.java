package so.rend.worker.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BandwidthTest {

    private static final List<Bandwidth.SizedSegment> SEGMENTS =
            List.of(
                    new Bandwidth.SizedSegment(250_000, 2.0),
                    new Bandwidth.SizedSegment(500_000, 2.0),
                    new Bandwidth.SizedSegment(100_000, 1.0));

    @Test
    void thePeakIsTheBusiestSegmentWithTheInitSegmentCountedOnTheFirst() {
        assertThat(Bandwidth.peakBitsPerSecond(0, SEGMENTS)).isEqualTo(2_000_000);
        assertThat(Bandwidth.peakBitsPerSecond(400_000, SEGMENTS)).isEqualTo(2_600_000);
    }

    @Test
    void theAverageIsAllBitsOverAllTime() {
        assertThat(Bandwidth.averageBitsPerSecond(0, SEGMENTS)).isEqualTo(1_360_000);
    }

    @Test
    void aShortLastSegmentIsMeasuredByItsOwnDuration() {
        assertThat(Bandwidth.peakBitsPerSecond(0, List.of(new Bandwidth.SizedSegment(10_000, 0.1))))
                .isEqualTo(800_000);
    }
}
