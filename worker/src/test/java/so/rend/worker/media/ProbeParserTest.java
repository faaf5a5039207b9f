package so.rend.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbeParserTest {

    @Test
    void readsSizeDurationCodecsAndFrameRate() {
        SourceProbe probe =
                ProbeParser.parse(
                        """
                {"streams":[
                  {"codec_type":"video","codec_name":"h264","width":1920,"height":1080,"avg_frame_rate":"30000/1001","r_frame_rate":"30000/1001"},
                  {"codec_type":"audio","codec_name":"aac"}],
                 "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"60.021000"}}
                """);
        assertThat(probe.width()).isEqualTo(1920);
        assertThat(probe.height()).isEqualTo(1080);
        assertThat(probe.durationMillis()).isEqualTo(60_021);
        assertThat(probe.frameRate()).isCloseTo(29.97, org.assertj.core.data.Offset.offset(0.001));
        assertThat(probe.videoCodec()).isEqualTo("h264");
        assertThat(probe.audioCodec()).isEqualTo("aac");
    }

    @Test
    void aPhoneVideoRotatedNinetyDegreesIsPortrait() {
        SourceProbe probe =
                ProbeParser.parse(
                        """
                {"streams":[{"codec_type":"video","codec_name":"h264","width":1920,"height":1080,"avg_frame_rate":"30/1",
                  "side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]}],
                 "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"3.0"}}
                """);
        assertThat(probe.width()).isEqualTo(1080);
        assertThat(probe.height()).isEqualTo(1920);
        assertThat(probe.hasAudio()).isFalse();
    }

    @Test
    void audioOnlyOrCoverArtIsNotAVideo() {
        assertThatThrownBy(
                        () ->
                                ProbeParser.parse(
                                        """
                {"streams":[{"codec_type":"audio","codec_name":"mp3"},
                  {"codec_type":"video","codec_name":"mjpeg","width":500,"height":500,"disposition":{"attached_pic":1}}],
                 "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"180.0"}}
                """))
                .isInstanceOfSatisfying(
                        MediaFailure.class,
                        f -> {
                            assertThat(f.code()).isEqualTo(MediaFailure.SOURCE_NOT_VIDEO);
                            assertThat(f.retryable()).isFalse();
                        });
    }

    @Test
    void aSourceReadByADemuxerOffTheAllowListIsAnUnsupportedContainer() {
        assertThatThrownBy(
                        () ->
                                ProbeParser.parse(
                                        """
                {"streams":[{"codec_type":"video","codec_name":"h264","width":640,"height":360}],
                 "format":{"format_name":"hls","duration":"10.0"}}
                """))
                .isInstanceOfSatisfying(
                        MediaFailure.class,
                        f -> {
                            assertThat(f.code()).isEqualTo(MediaFailure.UNSUPPORTED_CONTAINER);
                            assertThat(f.retryable()).isFalse();
                        });
    }

    @Test
    void theContainerIsTheAllowedNameOfTheDemuxer() {
        SourceProbe probe =
                ProbeParser.parse(
                        """
                {"streams":[{"codec_type":"video","codec_name":"vp9","width":640,"height":360}],
                 "format":{"format_name":"matroska,webm","duration":"10.0"}}
                """);
        assertThat(probe.container()).isEqualTo("matroska");
    }
}
