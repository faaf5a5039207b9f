package so.rend.assetevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AssetEventRecordTest {

    @Test
    void bindsEveryNamedParameterOfTheInsert() {
        AssetEventRecord event =
                AssetEventRecord.of(
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        AssetEventType.ASSET_HLS_READY,
                        Map.of("renditions", 3));
        for (String name : event.parameters().keySet()) {
            assertThat(AssetEventRecord.INSERT).contains(":" + name);
        }
        assertThat(event.parameters())
                .containsEntry("event_type", "asset.hls_ready")
                .containsEntry("payload", "{\"renditions\":3}");
    }

    @Test
    void wireNamesAreUniqueAndNamespaced() {
        assertThat(Arrays.stream(AssetEventType.values()).map(AssetEventType::wireName))
                .doesNotHaveDuplicates()
                .allMatch(name -> name.matches("(asset|media_job)\\.[a-z_]+"));
    }
}
