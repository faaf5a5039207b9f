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
    private static final SourceInput SOURCE =
            SourceInput.file(Path.of("/work/source")).pinned("mov");

    @Test
    void theLadderDecodesOnceAndSplitsIntoOneScaledOutputPerRendition() {
        SourceProbe probe = new SourceProbe(6000, 1280, 720, "h264", 30, "aac", "mov", "{}");
        List<Rendition> renditions = HlsLadder.choose(1280, 720);

        List<String> args =
                FfmpegCommands.ladder(
                        FFMPEG, SOURCE, probe, renditions, EncodingSettings.DEFAULTS, HLS);

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
        SourceProbe probe = new SourceProbe(4000, 240, 320, "h264", 30, null, "mov", "{}");

        List<String> args =
                FfmpegCommands.ladder(
                        FFMPEG,
                        SOURCE,
                        probe,
                        HlsLadder.choose(240, 320),
                        EncodingSettings.DEFAULTS,
                        HLS);

        assertThat(args).doesNotContain("0:a:0", "aac");
    }

    @Test
    void everyRunOpensTheSourceBehindBothWhitelistsAndLaterRunsPinTheContainer() {
        SourceProbe probe = new SourceProbe(4000, 640, 360, "h264", 30, "aac", "mov", "{}");
        SourceInput url = SourceInput.url("http://127.0.0.1:9000/bucket/sources/a/source");
        Path out = Path.of("/work/out");

        List<List<String>> firstRuns =
                List.of(
                        FfmpegCommands.probe(FFMPEG, url),
                        FfmpegCommands.opener(
                                FFMPEG, url, EncodingSettings.DEFAULTS, 8_847_360, out));
        List<List<String>> laterRuns =
                List.of(
                        FfmpegCommands.thumbnail(
                                FFMPEG, SOURCE, probe, EncodingSettings.DEFAULTS, out),
                        FfmpegCommands.ladder(
                                FFMPEG,
                                SOURCE,
                                probe,
                                HlsLadder.choose(640, 360),
                                EncodingSettings.DEFAULTS,
                                HLS));

        for (List<String> args : firstRuns) {
            List<String> input = beforeInput(args, url.location());
            assertThat(input)
                    .containsSequence("-protocol_whitelist", "http,https,tcp,tls,httpproxy")
                    .contains("-format_whitelist")
                    .doesNotContain("-f");
        }
        for (List<String> args : laterRuns) {
            List<String> input = beforeInput(args, SOURCE.location());
            assertThat(input)
                    .containsSequence("-protocol_whitelist", "file")
                    .contains("-format_whitelist")
                    .containsSequence("-f", "mov")
                    .containsSequence("-enable_drefs", "0");
        }
    }

    /** The arguments before the source's location: the options that bind that input. */
    private static List<String> beforeInput(List<String> args, String location) {
        assertThat(args).containsOnlyOnce(location);
        return args.subList(0, args.indexOf(location));
    }

    @Test
    void theOpenersDecoderRefusesFramesOverThePixelLimitBeforeTheProbeHasSpoken() {
        SourceInput url = SourceInput.url("http://127.0.0.1:9000/bucket/sources/a/source");

        List<String> args =
                FfmpegCommands.opener(
                        FFMPEG, url, EncodingSettings.DEFAULTS, 8_847_360, Path.of("/work/o.mp4"));

        assertThat(beforeInput(args, url.location())).containsSequence("-max_pixels", "8847360");
    }
}
