package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AssetCursorTest {

    @Test
    void roundTripsAtMicrosecondPrecision() {
        AssetCursor cursor =
                new AssetCursor(Instant.parse("2026-11-26T20:58:12.123456Z"), UUID.randomUUID());

        assertThat(AssetCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void refusesCursorsItDidNotIssue() {
        assertThat(AssetCursor.decode("garbage!")).isNull();
        assertThat(AssetCursor.decode("")).isNull();
        assertThat(
                        AssetCursor.decode(
                                java.util.Base64.getUrlEncoder()
                                        .encodeToString("12:not-a-uuid".getBytes())))
                .isNull();
        assertThat(
                        AssetCursor.decode(
                                java.util.Base64.getUrlEncoder().encodeToString("x:y".getBytes())))
                .isNull();
    }
}
