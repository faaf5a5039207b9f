package so.rend.playback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaybackPathTest {

    private static final String ASSET = "0b6f7c1e-5a43-4d7e-9a2c-6c1d2e3f4a5b";

    @Test
    void readsTokenAssetAndArtifact() {
        PlaybackPath path =
                PlaybackPath.parse("/p/k1.1790000000.sig/" + ASSET + "/hls/720p/segment_00003.m4s")
                        .orElseThrow();

        assertThat(path.token()).isEqualTo("k1.1790000000.sig");
        assertThat(path.assetId()).isEqualTo(UUID.fromString(ASSET));
        assertThat(path.artifactPath()).isEqualTo("hls/720p/segment_00003.m4s");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/p/t/" + ASSET + "/../" + ASSET + "/opener.mp4",
                "/p/t/" + ASSET + "/hls/../../secret/opener.mp4",
                "/p/t/" + ASSET + "/hls/720p/../../../etc/passwd",
                "/p/t/" + ASSET + "/hls/%2e%2e/master.m3u8",
                "/p/t/" + ASSET + "/hls%2fmaster.m3u8",
                "/p/t/" + ASSET + "/hls%252fmaster.m3u8",
                "/p/t/" + ASSET + "/hls\\master.m3u8",
                "/p/t/" + ASSET + "//opener.mp4",
                "/p/t/" + ASSET + "/./opener.mp4",
                "/p/t/" + ASSET + "/hls/720p/.m4s",
                "/p/t/" + ASSET + "/hls/720P/segment_1.m4s",
                "/p/t/" + ASSET + "/source",
                "/p/t/" + ASSET + "/opener.mp4?x=1",
                "/p/t/" + ASSET + "/",
                "/p/t/" + ASSET,
                "/p//" + ASSET + "/opener.mp4",
                "/p/t/0B6F7C1E-5A43-4D7E-9A2C-6C1D2E3F4A5B/opener.mp4",
                "/p/t/not-a-uuid/opener.mp4",
                "/v/t/" + ASSET + "/opener.mp4",
                "p/t/" + ASSET + "/opener.mp4"
            })
    void refusesTraversalEncodingAndAnythingOffTheGrammar(String raw) {
        assertThat(PlaybackPath.parse(raw)).isEmpty();
    }

    @Test
    void refusesOversizedPathsAndTokens() {
        assertThat(
                        PlaybackPath.parse(
                                "/p/"
                                        + "a".repeat(PlaybackTokens.MAX_TOKEN_LENGTH + 1)
                                        + "/"
                                        + ASSET
                                        + "/opener.mp4"))
                .isEmpty();
        assertThat(PlaybackPath.parse("/p/t/" + ASSET + "/hls/" + "a".repeat(500) + ".m4s"))
                .isEmpty();
    }
}
