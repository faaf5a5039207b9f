package so.rend.worker.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MediaPlaylistTest {

    @Test
    void readsTheInitSegmentAndEachSegmentWithItsDuration() {
        MediaPlaylist playlist =
                MediaPlaylist.parse(
                        """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init.mp4"
                #EXTINF:2.000000,
                segment_00000.m4s
                #EXTINF:1.533333,
                segment_00001.m4s
                #EXT-X-ENDLIST
                """);

        assertThat(playlist.initUri()).isEqualTo("init.mp4");
        assertThat(playlist.segments())
                .containsExactly(
                        new MediaPlaylist.Segment("segment_00000.m4s", 2.0),
                        new MediaPlaylist.Segment("segment_00001.m4s", 1.533333));
        assertThat(playlist.ended()).isTrue();
        assertThat(playlist.durationSeconds()).isEqualTo(3.533333);
    }

    @Test
    void refusesTextThatIsNotAPlaylist() {
        assertThatThrownBy(() -> MediaPlaylist.parse("<html>"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
