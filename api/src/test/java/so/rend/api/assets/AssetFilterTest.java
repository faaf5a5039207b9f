package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import so.rend.api.errors.ApiError;

class AssetFilterTest {

    @Test
    void everyFilterIsABoundConditionNeverSqlText() {
        String sqlish = "x' OR '1'='1";
        AssetFilter filter =
                AssetFilter.parse(
                        sqlish, "c1", List.of("a", "b"), "hls_ready", "2026-11-29T20:00:00Z");

        assertThat(filter.sqlConditions())
                .doesNotContain(sqlish)
                .contains("external_id = :externalId")
                .contains("tags @> CAST(:tags AS text[])")
                .contains("created_at > :createdAfter");
        assertThat(filter.binds())
                .containsKeys("externalId", "creatorId", "tags", "playableState", "createdAfter");
        assertThat(AssetFilter.NONE.sqlConditions()).isEmpty();
    }

    @Test
    void refusesValuesNoAssetCouldHave() {
        assertInvalid(() -> AssetFilter.parse("x".repeat(129), null, null, null, null));
        assertInvalid(() -> AssetFilter.parse(null, "a\u0000", null, null, null));
        assertInvalid(() -> AssetFilter.parse(null, null, List.of(""), null, null));
        assertInvalid(() -> AssetFilter.parse(null, null, null, "ready", null));
        assertInvalid(() -> AssetFilter.parse(null, null, null, null, "yesterday"));
        assertInvalid(() -> AssetFilter.parse(null, null, null, null, "+99999-01-01T00:00:00Z"));
    }

    @Test
    void aCursorIsHonouredOnlyWithTheFiltersItWasIssuedUnder() {
        AssetFilter byTags = AssetFilter.parse(null, null, List.of("a", "b"), null, null);
        AssetFilter sameTagsOtherOrder =
                AssetFilter.parse(null, null, List.of("b", "a"), null, null);
        AssetFilter oneTagWithAComma = AssetFilter.parse(null, null, List.of("a, b"), null, null);
        AssetCursor cursor =
                new AssetCursor(Instant.parse("2026-11-29T20:00:00.123456Z"), UUID.randomUUID());
        AssetCursor filtered =
                new AssetCursor(cursor.createdAt(), cursor.id(), byTags.fingerprint());

        AssetCursor decoded = AssetCursor.decode(filtered.encode());
        assertThat(decoded).isEqualTo(filtered);
        assertThat(decoded.issuedFor(byTags)).isTrue();
        assertThat(decoded.issuedFor(sameTagsOtherOrder)).isTrue();
        assertThat(decoded.issuedFor(oneTagWithAComma)).isFalse();
        assertThat(decoded.issuedFor(AssetFilter.NONE)).isFalse();
        assertThat(AssetCursor.decode(cursor.encode()).issuedFor(AssetFilter.NONE)).isTrue();
        assertThat(AssetCursor.decode(cursor.encode()).issuedFor(byTags)).isFalse();
        assertThat(AssetFilter.parse("e", null, null, null, null).fingerprint())
                .isNotEqualTo(AssetFilter.parse(null, "e", null, null, null).fingerprint());
    }

    private static void assertInvalid(Runnable parse) {
        assertThatThrownBy(parse::run)
                .isInstanceOfSatisfying(
                        ApiError.class, e -> assertThat(e.code()).isEqualTo("invalid_parameter"));
    }
}
