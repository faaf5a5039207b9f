package so.rend.api.beacons;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import tools.jackson.databind.JsonNode;

/**
 * One QoE beacon of a {@code <rend-player>} view, checked field by field: what the view measured so
 * far ({@code seq} grows with each beacon of the view; reads keep the highest). Every number is
 * bounded, every text a short word, unknown fields are refused: nothing a page can send grows a row
 * past a few hundred bytes or lands free text in the store.
 *
 * @param startupMs play request to first frame; -1 before the first frame
 * @param pageFirstFrameMs navigation start to first frame; -1 before it
 */
public record Beacon(
        UUID assetId,
        String token,
        UUID viewId,
        long seq,
        long startupMs,
        long pageFirstFrameMs,
        long watchMs,
        long rebufferCount,
        long rebufferMs,
        long bitrateSwitches,
        String fatalError,
        String player) {

    private static final long DAY_MS = 86_400_000L;
    private static final long MAX_COUNT = 100_000;
    private static final int MAX_TOKEN = 512;
    private static final Pattern CODE = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Pattern PLAYER = Pattern.compile("[A-Za-z0-9._/@+-]{1,64}");
    private static final Set<String> FIELDS =
            Set.of(
                    "asset_id",
                    "token",
                    "view_id",
                    "seq",
                    "startup_ms",
                    "page_first_frame_ms",
                    "watch_ms",
                    "rebuffer_count",
                    "rebuffer_ms",
                    "bitrate_switches",
                    "fatal_error",
                    "player");

    /** The beacon in {@code body}, or 400 {@code invalid_json} naming the first bad field. */
    public static Beacon of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("the body is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            if (!FIELDS.contains(name)) {
                throw invalid("unknown field " + (name.length() > 40 ? "(long name)" : name));
            }
        }
        String token = text(body, "token", true);
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            throw invalid("token must be a playback token");
        }
        return new Beacon(
                uuid(body, "asset_id"),
                token,
                uuid(body, "view_id"),
                number(body, "seq", 0, MAX_COUNT, 0),
                number(body, "startup_ms", -1, DAY_MS, -1),
                number(body, "page_first_frame_ms", -1, DAY_MS, -1),
                number(body, "watch_ms", 0, DAY_MS, 0),
                number(body, "rebuffer_count", 0, MAX_COUNT, 0),
                number(body, "rebuffer_ms", 0, DAY_MS, 0),
                number(body, "bitrate_switches", 0, MAX_COUNT, 0),
                word(body, "fatal_error", CODE),
                word(body, "player", PLAYER));
    }

    private static UUID uuid(JsonNode body, String field) {
        String text = text(body, field, true);
        try {
            UUID id = UUID.fromString(text);
            if (id.toString().equals(text)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // Below: one message for every malformed id.
        }
        throw invalid(field + " must be a UUID");
    }

    private static long number(JsonNode body, String field, long min, long max, long absent) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(field + " must be a whole number");
        }
        long n = value.asLong();
        if (n < min || n > max) {
            throw invalid(field + " must be between " + min + " and " + max);
        }
        return n;
    }

    private static String word(JsonNode body, String field, Pattern allowed) {
        String text = text(body, field, false);
        if (!text.isEmpty() && !allowed.matcher(text).matches()) {
            throw invalid(field + " must match " + allowed.pattern());
        }
        return text;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid(field + " is required");
            }
            return "";
        }
        if (!value.isString()) {
            throw invalid(field + " must be a string");
        }
        return value.asString();
    }

    private static ApiError invalid(String why) {
        return ApiErrorCode.INVALID_JSON.error("not a beacon: " + why);
    }
}
