package so.rend.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeSpecTest {

    @Test
    void resolvesTheThreeFormsOfASingleRange() {
        assertThat(ByteRangeSpec.parse("bytes=0-99").resolve(1000))
                .isEqualTo(new ByteRangeSpec.Resolved(0, 99));
        assertThat(ByteRangeSpec.parse("bytes=900-").resolve(1000))
                .isEqualTo(new ByteRangeSpec.Resolved(900, 999));
        assertThat(ByteRangeSpec.parse("bytes=-10").resolve(1000))
                .isEqualTo(new ByteRangeSpec.Resolved(990, 999));
        assertThat(ByteRangeSpec.parse("bytes=990-5000").resolve(1000))
                .isEqualTo(new ByteRangeSpec.Resolved(990, 999));
    }

    @Test
    void unsatisfiableRangesResolveToNothing() {
        assertThat(ByteRangeSpec.parse("bytes=1000-").resolve(1000)).isNull();
        assertThat(ByteRangeSpec.parse("bytes=0-0").resolve(0)).isNull();
    }

    @Test
    void ignoresWhatItDoesNotServe() {
        assertThat(ByteRangeSpec.parse(null)).isNull();
        assertThat(ByteRangeSpec.parse("bytes=0-1,5-9")).isNull();
        assertThat(ByteRangeSpec.parse("items=0-1")).isNull();
        assertThat(ByteRangeSpec.parse("bytes=9-1")).isNull();
        assertThat(ByteRangeSpec.parse("bytes=a-b")).isNull();
        assertThat(ByteRangeSpec.parse("bytes=-0")).isNull();
    }
}
