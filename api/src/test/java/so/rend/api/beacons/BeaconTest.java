package so.rend.api.beacons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import so.rend.api.errors.ApiError;
import tools.jackson.databind.json.JsonMapper;

class BeaconTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID ASSET = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static final UUID VIEW = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    @Test
    void theFewestFieldsAreAFirstBeaconBeforeAnyFrame() {
        Beacon b = parse("{\"asset_id\":\"%s\",\"token\":\"k.1.s\",\"view_id\":\"%s\"}");
        assertThat(b.seq()).isZero();
        assertThat(b.startupMs()).isEqualTo(-1);
        assertThat(b.pageFirstFrameMs()).isEqualTo(-1);
        assertThat(b.fatalError()).isEmpty();
        assertThat(b.player()).isEmpty();
    }

    @Test
    void theStoredRowHasNoTokenAndNothingThePageDidNotMeasure() {
        Beacon b =
                parse(
                        "{\"asset_id\":\"%s\",\"token\":\"secret-token\",\"view_id\":\"%s\","
                                + "\"seq\":2,\"startup_ms\":120,\"fatal_error\":null}");
        String row = new String(BeaconWriter.row(b, 1_764_000_000L), StandardCharsets.UTF_8);
        assertThat(row).doesNotContain("secret-token").endsWith("\n");
        assertThat(JSON.readTree(row).path("startup_ms").asLong()).isEqualTo(120);
        assertThat(JSON.readTree(row).path("received_at").asLong()).isEqualTo(1_764_000_000L);
    }

    @Test
    void uuidsAreInTheirOneCanonicalSpelling() {
        String upper = "{\"asset_id\":\"%s\",\"token\":\"t\",\"view_id\":\"%s\"}";
        assertThatThrownBy(
                        () ->
                                Beacon.of(
                                        JSON.readTree(
                                                upper.formatted(
                                                        ASSET.toString().toUpperCase(), VIEW))))
                .isInstanceOf(ApiError.class)
                .hasMessageContaining("asset_id must be a UUID");
    }

    private static Beacon parse(String template) {
        return Beacon.of(JSON.readTree(template.formatted(ASSET, VIEW)));
    }
}
