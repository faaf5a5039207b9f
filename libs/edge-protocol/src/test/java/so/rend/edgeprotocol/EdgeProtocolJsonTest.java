package so.rend.edgeprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EdgeProtocolJsonTest {

    private static final UUID ASSET = UUID.fromString("a4c4724f-4099-4ffa-8f45-20c17e7624ae");

    @Test
    void cacheRequestsAreSnakeCaseAndQuoteWhatTheyCarry() {
        String json =
                new String(
                        EdgeProtocolJson.write(
                                CacheRequest.warm(ASSET, List.of("opener.mp4", "a\"b\\c"))),
                        StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo(
                        "{\"asset_id\":\"a4c4724f-4099-4ffa-8f45-20c17e7624ae\","
                                + "\"artifact_paths\":[\"opener.mp4\",\"a\\\"b\\\\c\"]}");
        assertThat(EdgeProtocolJson.read(json, CacheRequest.class).paths())
                .containsExactly("opener.mp4", "a\"b\\c");
    }

    @Test
    void aRevokingPurgeCarriesItsInstant() {
        Instant until = Instant.parse("2026-11-29T10:00:00Z");
        CacheRequest purge = CacheRequest.purgeAndRevoke(ASSET, until);
        String json = new String(EdgeProtocolJson.write(purge), StandardCharsets.UTF_8);
        assertThat(json).contains("\"revoke_until\":\"2026-11-29T10:00:00Z\"");
        assertThat(EdgeProtocolJson.read(json, CacheRequest.class)).isEqualTo(purge);
    }

    @Test
    void heartbeatAnswersRoundTrip() {
        HeartbeatAnswer answer =
                HeartbeatAnswer.registered(
                        "edge-1",
                        List.of(
                                new HeartbeatAnswer.Revocation(
                                        ASSET, Instant.parse("2026-11-29T10:00:00Z"))),
                        42,
                        true);
        String json = new String(EdgeProtocolJson.write(answer), StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"edge_id\":\"edge-1\"")
                .contains("\"revoked_assets\":[{\"asset_id\":\"" + ASSET + "\"")
                .contains("\"revocations_cursor\":42")
                .contains("\"more_revocations\":true");
        assertThat(EdgeProtocolJson.read(json, HeartbeatAnswer.class)).isEqualTo(answer);
    }
}
