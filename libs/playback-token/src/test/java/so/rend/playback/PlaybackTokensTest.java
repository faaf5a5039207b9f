package so.rend.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlaybackTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final PlaybackKey OLD =
            PlaybackKey.of("k2026a", "old-secret-old-secret-old-secret");
    private static final PlaybackKey NEW =
            PlaybackKey.of("k2026b", "new-secret-new-secret-new-secret");
    private static final UUID ASSET = UUID.fromString("0b6f7c1e-5a43-4d7e-9a2c-6c1d2e3f4a5b");

    private static PlaybackTokens tokens(
            PlaybackKey signing, List<PlaybackKey> accepted, Instant now) {
        return new PlaybackTokens(signing, accepted, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void anIssuedTokenOpensItsAssetUntilItExpires() {
        SignedToken token = tokens(NEW, List.of(), NOW).issue(ASSET, Duration.ofMinutes(10));

        assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(601));
        assertThat(tokens(NEW, List.of(), NOW.plusSeconds(600)).verify(token.token(), ASSET))
                .isEqualTo(TokenVerdict.VALID);
        assertThat(tokens(NEW, List.of(), NOW.plusSeconds(601)).verify(token.token(), ASSET))
                .isEqualTo(TokenVerdict.EXPIRED);
    }

    @Test
    void aTokenForOneAssetDoesNotOpenAnother() {
        String token = tokens(NEW, List.of(), NOW).issue(ASSET, Duration.ofMinutes(10)).token();

        assertThat(tokens(NEW, List.of(), NOW).verify(token, UUID.randomUUID()))
                .isEqualTo(TokenVerdict.BAD_SIGNATURE);
    }

    @Test
    void duringRotationTokensOfTheOldAndTheNewKeyAreBothValid() {
        String oldToken = tokens(OLD, List.of(), NOW).issue(ASSET, Duration.ofMinutes(10)).token();
        String newToken = tokens(NEW, List.of(), NOW).issue(ASSET, Duration.ofMinutes(10)).token();
        PlaybackTokens edge = tokens(NEW, List.of(OLD), NOW);

        assertThat(edge.verify(oldToken, ASSET)).isEqualTo(TokenVerdict.VALID);
        assertThat(edge.verify(newToken, ASSET)).isEqualTo(TokenVerdict.VALID);
        assertThat(tokens(NEW, List.of(), NOW).verify(oldToken, ASSET))
                .isEqualTo(TokenVerdict.UNKNOWN_KEY);
    }

    @Test
    void aForgedSignatureOrAWrongKeyIdIsRefused() {
        String token = tokens(NEW, List.of(), NOW).issue(ASSET, Duration.ofMinutes(10)).token();
        String forgedByOtherSecret =
                tokens(PlaybackKey.of("k2026b", "attacker-secret-attacker-secret"), List.of(), NOW)
                        .issue(ASSET, Duration.ofMinutes(10))
                        .token();
        PlaybackTokens edge = tokens(NEW, List.of(), NOW);

        assertThat(edge.verify(forgedByOtherSecret, ASSET)).isEqualTo(TokenVerdict.BAD_SIGNATURE);
        assertThat(edge.verify("nokey" + token.substring(token.indexOf('.')), ASSET))
                .isEqualTo(TokenVerdict.UNKNOWN_KEY);
        String laterExpiry =
                token.replaceFirst("\\.(\\d+)\\.", "." + (NOW.getEpochSecond() + 99_999) + ".");
        assertThat(edge.verify(laterExpiry, ASSET)).isEqualTo(TokenVerdict.BAD_SIGNATURE);
    }

    @Test
    void malformedTokensAreRefusedWithoutThrowing() {
        PlaybackTokens edge = tokens(NEW, List.of(), NOW);
        String valid = edge.issue(ASSET, Duration.ofMinutes(10)).token();
        String[] parts = valid.split("\\.");

        for (String bad :
                new String[] {
                    "",
                    ".",
                    "..",
                    "a.b.c",
                    valid + ".",
                    "." + valid,
                    valid + "x",
                    valid.substring(1).replaceFirst("^", "!"),
                    parts[0] + ".-1." + parts[2],
                    parts[0] + ".0" + parts[1] + "." + parts[2],
                    parts[0] + ".1e9." + parts[2],
                    parts[0] + "." + parts[1] + "." + parts[2] + "=",
                    parts[0] + "." + parts[1] + "." + parts[2].substring(0, 42) + "+",
                    parts[0] + "." + "9".repeat(13) + "." + parts[2],
                    "x".repeat(5000),
                    "k/../x.1.2",
                    parts[0]
                            + "."
                            + parts[1]
                            + "."
                            + parts[2].substring(0, 42)
                            + lastCharWithStrayBits(parts[2])
                }) {
            assertThat(edge.verify(bad, ASSET)).as(bad).isIn(TokenVerdict.MALFORMED);
        }
        assertThat(edge.verify(null, ASSET)).isEqualTo(TokenVerdict.MALFORMED);
        assertThat(edge.verify(valid, null)).isEqualTo(TokenVerdict.MALFORMED);
    }

    @Test
    void keysRefuseShortSecretsAndBadIdsWithoutShowingTheSecret() {
        assertThatThrownBy(() -> PlaybackKey.of("k1", "short"))
                .hasMessageNotContaining("short")
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> PlaybackKey.of("bad id", "long-enough-secret-123"))
                .hasMessageContaining("key id");
        assertThat(PlaybackKey.parseList("a:0123456789abcdef0,b:0123456789abcdef1"))
                .extracting(PlaybackKey::id)
                .containsExactly("a", "b");
        assertThat(PlaybackKey.parseList(" ")).isEmpty();
        assertThat(NEW.toString()).doesNotContain("new-secret");
    }

    /** The last base64url character with low bits set that a canonical encoder would leave zero. */
    private static String lastCharWithStrayBits(String signature) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int index = alphabet.indexOf(signature.charAt(42));
        return String.valueOf(alphabet.charAt(index ^ 1));
    }
}
