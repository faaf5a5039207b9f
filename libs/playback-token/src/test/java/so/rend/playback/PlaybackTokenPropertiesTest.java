package so.rend.playback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of tokens and playback paths over many generated inputs. */
class PlaybackTokenPropertiesTest {

    private static final PlaybackTokens TOKENS =
            new PlaybackTokens(
                    PlaybackKey.of("k1", "property-secret-property-secret"),
                    List.of(),
                    Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC));

    @Property(tries = 300)
    void everyIssuedTokenOpensExactlyItsOwnAsset(
            @ForAll("uuids") UUID asset,
            @ForAll("uuids") UUID other,
            @ForAll @IntRange(min = 1, max = 86_400) int ttlSeconds) {
        String token = TOKENS.issue(asset, Duration.ofSeconds(ttlSeconds)).token();

        assertThat(TOKENS.verify(token, asset)).isEqualTo(TokenVerdict.VALID);
        if (!other.equals(asset)) {
            assertThat(TOKENS.verify(token, other)).isNotEqualTo(TokenVerdict.VALID);
        }
    }

    @Property(tries = 500)
    void changingAnyOneCharacterOfATokenClosesIt(
            @ForAll("uuids") UUID asset,
            @ForAll @IntRange(min = 0, max = 200) int where,
            @ForAll char replacement) {
        String token = TOKENS.issue(asset, Duration.ofMinutes(5)).token();
        int at = where % token.length();
        if (token.charAt(at) == replacement) {
            return;
        }
        String tampered = token.substring(0, at) + replacement + token.substring(at + 1);

        assertThat(TOKENS.verify(tampered, asset)).isNotEqualTo(TokenVerdict.VALID);
    }

    @Property(tries = 1000)
    void arbitraryTextIsNeverAValidTokenAndNeverThrows(
            @ForAll String text, @ForAll("uuids") UUID asset) {
        assertThat(TOKENS.verify(text, asset)).isNotEqualTo(TokenVerdict.VALID);
    }

    @Property(tries = 1000)
    void anyParsedPathIsConfinedToTheAssetsArtifacts(@ForAll("pathLike") String raw) {
        PlaybackPath.parse(raw)
                .ifPresent(
                        path -> {
                            assertThat(path.artifactPath())
                                    .doesNotContain("..")
                                    .doesNotStartWith("/")
                                    .doesNotContain("//")
                                    .doesNotContain("%")
                                    .doesNotContain("\\");
                            assertThat(PlaybackPath.isArtifactPath(path.artifactPath())).isTrue();
                        });
    }

    @Property(tries = 300)
    void wellFormedPlaybackPathsRoundTrip(
            @ForAll("uuids") UUID asset, @ForAll("artifacts") String artifact) {
        String token = TOKENS.issue(asset, Duration.ofMinutes(5)).token();

        PlaybackPath parsed =
                PlaybackPath.parse(PlaybackPath.of(token, asset, artifact)).orElseThrow();

        assertThat(parsed.assetId()).isEqualTo(asset);
        assertThat(parsed.artifactPath()).isEqualTo(artifact);
        assertThat(TOKENS.verify(parsed.token(), parsed.assetId())).isEqualTo(TokenVerdict.VALID);
    }

    @Provide
    Arbitrary<UUID> uuids() {
        return Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()));
    }

    @Provide
    Arbitrary<String> artifacts() {
        return Arbitraries.of(
                "opener.mp4",
                "thumbnail.jpg",
                "hls/master.m3u8",
                "hls/720p/playlist.m3u8",
                "hls/720p/init.mp4",
                "hls/360p/segment_00001.m4s",
                "hls/audio_aac/segment_00042.m4s");
    }

    /** Strings built from the pieces traversal attempts are made of. */
    @Provide
    Arbitrary<String> pathLike() {
        Arbitrary<String> piece =
                Arbitraries.of(
                        "/",
                        "p",
                        "/p/",
                        "..",
                        ".",
                        "%2e",
                        "%2f",
                        "%252e",
                        "%5c",
                        "\\",
                        "hls",
                        "master.m3u8",
                        "opener.mp4",
                        "0b6f7c1e-5a43-4d7e-9a2c-6c1d2e3f4a5b",
                        "k1.1.abc",
                        "//",
                        "etc",
                        "passwd",
                        "720p",
                        "segment_00001.m4s",
                        "?",
                        "#",
                        ";",
                        " ",
                        "\u0000",
                        "é");
        return piece.list().ofMinSize(1).ofMaxSize(14).map(list -> String.join("", list));
    }
}
