package so.rend.objectlayout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AssetObjectKeysTest {

    private static final UUID ASSET = UUID.fromString("a4c4724f-4099-4ffa-8f45-20c17e7624ae");

    @Test
    void sourcesAndArtifactsLiveUnderTheirOwnPrefixes() {
        assertThat(AssetObjectKeys.source(ASSET)).isEqualTo("sources/" + ASSET + "/source");
        assertThat(AssetObjectKeys.opener(ASSET)).isEqualTo("videos/" + ASSET + "/opener.mp4");
        assertThat(AssetObjectKeys.thumbnail(ASSET))
                .isEqualTo("videos/" + ASSET + "/thumbnail.jpg");
        assertThat(AssetObjectKeys.masterPlaylist(ASSET))
                .isEqualTo("videos/" + ASSET + "/hls/master.m3u8");
        assertThat(AssetObjectKeys.renditionFile(ASSET, "720p", "segment_00003.m4s"))
                .isEqualTo("videos/" + ASSET + "/hls/720p/segment_00003.m4s");
    }

    @Test
    void theEdgesCacheKeyIsTheKeyBelowVideos() {
        String cacheKey = ASSET + "/hls/720p/init.mp4";
        assertThat(AssetObjectKeys.artifact(cacheKey))
                .isEqualTo(AssetObjectKeys.renditionFile(ASSET, "720p", "init.mp4"));
    }
}
