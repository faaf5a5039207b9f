package so.rend.worker.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HlsLadderTest {

    @Test
    void aFullHdSourceGetsEveryRungFromTheTop() {
        assertThat(HlsLadder.choose(1920, 1080))
                .containsExactly(
                        new Rendition("1080p", 1920, 1080, 5000),
                        new Rendition("720p", 1280, 720, 2800),
                        new Rendition("480p", 854, 480, 1400),
                        new Rendition("360p", 640, 360, 800),
                        new Rendition("240p", 426, 240, 400));
    }

    @Test
    void neverUpscalesAndKeepsARungEqualToTheSource() {
        assertThat(names(HlsLadder.choose(1280, 720)))
                .containsExactly("720p", "480p", "360p", "240p");
        assertThat(names(HlsLadder.choose(1000, 700))).containsExactly("480p", "360p", "240p");
        assertThat(names(HlsLadder.choose(3840, 2160))).first().isEqualTo("1080p");
    }

    @Test
    void portraitSourcesScaleTheirShortSideAndStayPortrait() {
        List<Rendition> ladder = HlsLadder.choose(1080, 1920);
        assertThat(ladder.get(0)).isEqualTo(new Rendition("1080p", 1080, 1920, 5000));
        assertThat(ladder.get(1)).isEqualTo(new Rendition("720p", 720, 1280, 2800));
    }

    @Test
    void aSourceBelowTheLowestRungGetsOneRenditionAtItsOwnEvenSize() {
        assertThat(HlsLadder.choose(176, 145))
                .containsExactly(new Rendition("144p", 174, 144, 400));
    }

    @Test
    void everyDimensionIsEvenAsH264With420ChromaNeeds() {
        for (Rendition r : HlsLadder.choose(1918, 1078)) {
            assertThat(r.width() % 2).isZero();
            assertThat(r.height() % 2).isZero();
        }
    }

    @Test
    void refusesAnEmptyFrame() {
        assertThatThrownBy(() -> HlsLadder.choose(0, 720))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> names(List<Rendition> renditions) {
        return renditions.stream().map(Rendition::name).toList();
    }
}
