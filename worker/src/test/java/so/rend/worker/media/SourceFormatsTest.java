package so.rend.worker.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceFormatsTest {

    @Test
    void pinsTheAllowedNameOfTheDemuxerFfprobeReports() {
        assertThat(SourceFormats.pinned("mov,mp4,m4a,3gp,3g2,mj2")).contains("mov");
        assertThat(SourceFormats.pinned("matroska,webm")).contains("matroska");
        assertThat(SourceFormats.pinned("mpegts")).contains("mpegts");
        assertThat(SourceFormats.pinned("flv")).contains("flv");
    }

    @Test
    void pinsNothingForManifestsPlaylistsAndLookalikeNames() {
        assertThat(SourceFormats.pinned("dash")).isEmpty();
        assertThat(SourceFormats.pinned("hls")).isEmpty();
        assertThat(SourceFormats.pinned("concat")).isEmpty();
        assertThat(SourceFormats.pinned("image2")).isEmpty();
        assertThat(SourceFormats.pinned("webm_dash_manifest")).isEmpty();
        assertThat(SourceFormats.pinned("mpegtsraw")).isEmpty();
        assertThat(SourceFormats.pinned("")).isEmpty();
    }

    @Test
    void theAllowListHoldsNoDemuxerThatOpensOtherFiles() {
        assertThat(SourceFormats.allowList().split(","))
                .doesNotContain(
                        "dash",
                        "hls",
                        "concat",
                        "image2",
                        "image2pipe",
                        "sdp",
                        "rtsp",
                        "rtp",
                        "vobsub",
                        "webm_dash_manifest",
                        "lavfi",
                        "ffmetadata");
    }

    @Test
    void aRefusedFormatIsAnUnsupportedContainerNamingWhatFfmpegDetected() {
        String stderr =
                "[dash @ 0x55ea72d0cc80] Format not on whitelist 'mov,matroska'\n"
                        + "<url>: Invalid argument\n";

        MediaFailure failure = SourceFormats.refusal(stderr).orElseThrow();

        assertThat(failure.code()).isEqualTo(MediaFailure.UNSUPPORTED_CONTAINER);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("'dash'");
    }

    @Test
    void aRefusedProtocolIsAnUnsupportedContainerToo() {
        String stderr = "[hls @ 0x1] Protocol 'file' not on whitelist 'http,https,tcp,tls'!\n";

        MediaFailure failure = SourceFormats.refusal(stderr).orElseThrow();

        assertThat(failure.code()).isEqualTo(MediaFailure.UNSUPPORTED_CONTAINER);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("'file'");
    }

    @Test
    void otherErrorsAreNoRefusal() {
        assertThat(SourceFormats.refusal("source: Invalid data found when processing input"))
                .isEmpty();
        assertThat(SourceFormats.refusal("")).isEmpty();
    }
}
