package so.rend.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceInputTest {

    private static final String ALLOWED =
            "mov,matroska,avi,mpegts,mpeg,flv,asf,ogg,yuv4mpegpipe,mpegvideo";

    @Test
    void thePresignedUrlMayUseOnlyHttpAndItsTransportsAndOnlyAllowedContainers() {
        List<String> options = SourceInput.url("http://127.0.0.1:9000/b/sources/x").options();

        assertThat(options)
                .containsSequence("-protocol_whitelist", "http,https,tcp,tls,httpproxy")
                .containsSequence("-format_whitelist", ALLOWED)
                .containsSequence("-rw_timeout", "30000000")
                .doesNotContain("-f", "file");
    }

    @Test
    void theDownloadedFileMayUseOnlyTheFileProtocol() {
        List<String> options = SourceInput.file(Path.of("/work/job/source")).options();

        assertThat(options)
                .containsSequence("-protocol_whitelist", "file")
                .containsSequence("-format_whitelist", ALLOWED)
                .doesNotContain("-rw_timeout", "-f");
    }

    @Test
    void aPinnedMovSourceIsOpenedAsMovWithDataReferencesOff() {
        List<String> options =
                SourceInput.file(Path.of("/work/job/source")).pinned("mov").options();

        assertThat(options).containsSequence("-f", "mov").containsSequence("-enable_drefs", "0");
    }

    @Test
    void otherPinnedContainersGetNoMovOption() {
        List<String> options =
                SourceInput.file(Path.of("/work/job/source")).pinned("matroska").options();

        assertThat(options).containsSequence("-f", "matroska").doesNotContain("-enable_drefs");
    }

    @Test
    void onlyAnAllowedContainerCanBePinned() {
        assertThatThrownBy(() -> SourceInput.file(Path.of("/work/job/source")).pinned("dash"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
