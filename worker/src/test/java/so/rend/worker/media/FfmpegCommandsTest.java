package so.rend.worker.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import so.rend.worker.hls.HlsLadder;
import so.rend.worker.hls.Rendition;

class FfmpegCommandsTest {

    private static final Path FFMPEG = Path.of("/opt/ffmpeg");
    private static final Path HLS = Path.of("/work/hls");

    @Test
    void theLadderDecodesOnceAndSplitsIntoOneScaledOutputPerRendition() {
        SourceProbe probe = new SourceProbe(6000, 1280, 720, "h264", 30, "aac", "{}");
        List<Rendition> renditions = HlsLadder.choose(1280, 720);

        List<String> args =
                FfmpegCommands.ladder(
                        FFMPEG,
                        Path.of("/work/source"),
                        probe,
                        renditions,
                        EncodingSettings.DEFAULTS,
                        HLS);

        assertThat(Collections.frequency(args, "-i")).isEqualTo(1);
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertThat(graph).startsWith("[0:v:0]split=" + renditions.size());
        for (int i = 0; i < renditions.size(); i++) {
            Rendition r = renditions.get(i);
            assertThat(graph)
                    .contains(
                            "[s"
                                    + i
                                    + "]scale="
                                    + r.width()
                                    + ":"
                                    + r.height()
                                    + ",setsar=1[v"
                                    + i
                                    + "]");
            assertThat(args).contains("[v" + i + "]", r.videoKbps() + "k");
            assertThat(args).contains(HLS.resolve(r.name()).resolve("index.m3u8").toString());
        }
        assertThat(Collections.frequency(args, "0:a:0")).isEqualTo(renditions.size());
        assertThat(Collections.frequency(args, "hls")).isEqualTo(renditions.size());
        assertThat(args).containsSequence("-g", "60", "-keyint_min", "60");
    }

    @Test
    void aSilentSourceGetsVideoOnlyRenditions() {
        SourceProbe probe = new SourceProbe(4000, 240, 320, "h264", 30, null, "{}");

        List<String> args =
                FfmpegCommands.ladder(
                        FFMPEG,
                        Path.of("/work/source"),
                        probe,
                        HlsLadder.choose(240, 320),
                        EncodingSettings.DEFAULTS,
                        HLS);

        assertThat(args).doesNotContain("0:a:0", "aac");
    }
}
