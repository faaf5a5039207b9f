package so.rend.worker.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MasterPlaylistTest {

    @Test
    void listsVariantsLowestBandwidthFirstWithEveryAttributeAPlayerNeeds() {
        String text =
                MasterPlaylist.render(
                        List.of(
                                new VariantStream(
                                        "720p/index.m3u8",
                                        3_100_000,
                                        2_900_000,
                                        1280,
                                        720,
                                        "avc1.64001f,mp4a.40.2",
                                        30),
                                new VariantStream(
                                        "360p/index.m3u8",
                                        950_000,
                                        900_000,
                                        640,
                                        360,
                                        "avc1.64001e,mp4a.40.2",
                                        29.97)));

        assertThat(text)
                .isEqualTo(
                        """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=950000,AVERAGE-BANDWIDTH=900000,RESOLUTION=640x360,FRAME-RATE=29.970,CODECS="avc1.64001e,mp4a.40.2"
                360p/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=3100000,AVERAGE-BANDWIDTH=2900000,RESOLUTION=1280x720,FRAME-RATE=30.000,CODECS="avc1.64001f,mp4a.40.2"
                720p/index.m3u8
                """);
    }

    @Test
    void leavesOutAnUnknownFrameRate() {
        String text =
                MasterPlaylist.render(
                        List.of(
                                new VariantStream(
                                        "240p/index.m3u8", 1, 1, 426, 240, "avc1.640015", 0)));
        assertThat(text).doesNotContain("FRAME-RATE").contains("CODECS=\"avc1.640015\"");
    }

    @Test
    void refusesAnEmptyLadder() {
        assertThatThrownBy(() -> MasterPlaylist.render(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
