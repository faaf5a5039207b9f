package so.rend.api.assets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import so.rend.api.assets.AssetMetadata.Field;
import so.rend.api.errors.ApiError;

/**
 * The list filters of {@code GET /v1/assets}: exact {@code external_id} and {@code creator_id},
 * every one of the {@code tag}s, a {@code playable_state}, and {@code created_after} (exclusive).
 * Each turns into one SQL condition on a bound value; each has an index (V7).
 */
public record AssetFilter(
        String externalId,
        String creatorId,
        List<String> tags,
        String playableState,
        Instant createdAfter) {

    public static final AssetFilter NONE = new AssetFilter(null, null, List.of(), null, null);

    static final Set<String> PLAYABLE_STATES =
            Set.of("not_playable", "opener_ready", "hls_ready", "failed");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    public AssetFilter {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The filters of a request, checked by the rules of the stored values; 400 otherwise. */
    public static AssetFilter parse(
            String externalId,
            String creatorId,
            List<String> tags,
            String playableState,
            String createdAfter) {
        List<String> checkedTags = new ArrayList<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            checkedTags.add(AssetMetadata.tag(tag));
        }
        if (checkedTags.size() > AssetMetadata.MAX_TAGS) {
            throw ApiError.invalidParameter("tag", "at most " + AssetMetadata.MAX_TAGS + " tags");
        }
        if (playableState != null && !PLAYABLE_STATES.contains(playableState)) {
            throw ApiError.invalidParameter(
                    "playable_state", "one of not_playable, opener_ready, hls_ready, failed");
        }
        return new AssetFilter(
                Field.EXTERNAL_ID.text(externalId),
                Field.CREATOR_ID.text(creatorId),
                checkedTags,
                playableState,
                instant(createdAfter));
    }

    public boolean isNone() {
        return equals(NONE);
    }

    /**
     * The conditions, ANDed after the account's own, each on a bound parameter named in {@link
     * #binds()}: the values never become SQL text.
     */
    public String sqlConditions() {
        StringBuilder sql = new StringBuilder();
        if (externalId != null) {
            sql.append(" AND external_id = :externalId");
        }
        if (creatorId != null) {
            sql.append(" AND creator_id = :creatorId");
        }
        if (!tags.isEmpty()) {
            sql.append(" AND tags @> CAST(:tags AS text[])");
        }
        if (playableState != null) {
            sql.append(" AND playable_state = :playableState");
        }
        if (createdAfter != null) {
            sql.append(" AND created_at > :createdAfter");
        }
        return sql.toString();
    }

    public Map<String, Object> binds() {
        Map<String, Object> binds = new LinkedHashMap<>();
        if (externalId != null) {
            binds.put("externalId", externalId);
        }
        if (creatorId != null) {
            binds.put("creatorId", creatorId);
        }
        if (!tags.isEmpty()) {
            binds.put("tags", tags.toArray(String[]::new));
        }
        if (playableState != null) {
            binds.put("playableState", playableState);
        }
        if (createdAfter != null) {
            binds.put("createdAfter", createdAfter.atOffset(ZoneOffset.UTC));
        }
        return binds;
    }

    /**
     * What a cursor carries so it is honoured only with the filters it was issued under: a cursor
     * is a position in one filtered list, and in another list it would skip or repeat rows. A short
     * hash of the filters in a canonical form (tags sorted: their order does not change the list);
     * {@code null} without filters, so cursors issued before filters existed stay valid.
     */
    public String fingerprint() {
        if (isNone()) {
            return null;
        }
        List<String> sortedTags = new ArrayList<>(tags);
        sortedTags.sort(null);
        List<Object> parts = new ArrayList<>(List.of(sortedTags.size()));
        parts.addAll(sortedTags);
        parts.addAll(Arrays.asList(externalId, creatorId, playableState, createdAfter));
        StringBuilder canonical = new StringBuilder();
        for (Object part : parts) {
            // Length-prefixed, so no value can pass for two.
            String text = part == null ? "-" : "=" + part;
            canonical.append(text.length()).append(':').append(text);
        }
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            // Postgres keeps microseconds: a finer instant would compare differently there.
            instant = Instant.parse(text).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw ApiError.invalidParameter(
                    "created_after", "an ISO-8601 instant, e.g. 2026-11-29T20:00:00Z");
        }
        // Inside what a timestamptz holds, and all any asset can have been created in.
        if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST)) {
            throw ApiError.invalidParameter("created_after", "between 1970 and 9999");
        }
        return instant;
    }
}
