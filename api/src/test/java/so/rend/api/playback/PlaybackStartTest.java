package so.rend.api.playback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import so.rend.api.playback.PlaybackStart.Artifact;
import so.rend.api.playback.PlaybackStart.OpenerFacts;

class PlaybackStartTest {

    private static List<Artifact> ladder(String... renditions) {
        List<Artifact> rows = new ArrayList<>();
        rows.add(new Artifact("opener", null, "videos/a/opener.mp4"));
        rows.add(new Artifact("master_playlist", null, "videos/a/hls/master.m3u8"));
        for (String r : renditions) {
            rows.add(new Artifact("media_playlist", r, "videos/a/hls/" + r + "/index.m3u8"));
            rows.add(new Artifact("init_segment", r, "videos/a/hls/" + r + "/init.mp4"));
            for (int i = 5; i >= 0; i--) {
                rows.add(
                        new Artifact(
                                "media_segment",
                                r,
                                "videos/a/hls/" + r + "/segment_0000" + i + ".m4s"));
            }
        }
        return rows;
    }

    @Test
    void startsOnTheRenditionNearestTheOpenerWithTheSegmentsAfterIt() {
        PlaybackStart start =
                PlaybackStart.of(
                        ladder("720p", "480p", "360p", "240p"), new OpenerFacts(1, 360, 2.0), 3);
        assertThat(start.rendition()).isEqualTo("360p");
        assertThat(start.variantPlaylist()).isEqualTo("videos/a/hls/360p/index.m3u8");
        assertThat(start.initSegment()).isEqualTo("videos/a/hls/360p/init.mp4");
        assertThat(start.segments())
                .containsExactly(
                        "videos/a/hls/360p/segment_00001.m4s",
                        "videos/a/hls/360p/segment_00002.m4s",
                        "videos/a/hls/360p/segment_00003.m4s");
        assertThat(start.handoffSeconds()).isEqualTo(2.0);
    }

    @Test
    void aLongerOpenerSkipsAsManySegmentsAndMovesTheHandoff() {
        PlaybackStart start =
                PlaybackStart.of(ladder("480p", "240p"), new OpenerFacts(2, 360, 2.0), 2);
        assertThat(start.rendition()).isEqualTo("240p");
        assertThat(start.segments())
                .containsExactly(
                        "videos/a/hls/240p/segment_00002.m4s",
                        "videos/a/hls/240p/segment_00003.m4s");
        assertThat(start.handoffSeconds()).isEqualTo(4.0);
    }

    @Test
    void withoutTheWorkersFactsItStartsOnTheLightestRenditionFromTheFirstSegment() {
        PlaybackStart start =
                PlaybackStart.of(ladder("720p", "360p"), new OpenerFacts(null, null, null), 2);
        assertThat(start.rendition()).isEqualTo("360p");
        assertThat(start.segments()).first().isEqualTo("videos/a/hls/360p/segment_00000.m4s");
        assertThat(start.handoffSeconds()).isNull();
    }

    @Test
    void noLadderMeansNoStart() {
        PlaybackStart start = PlaybackStart.of(ladder(), new OpenerFacts(1, 360, 2.0), 2);
        assertThat(start.rendition()).isNull();
        assertThat(start.segments()).isEmpty();
    }
}
