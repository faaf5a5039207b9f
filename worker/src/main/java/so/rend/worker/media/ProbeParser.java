package so.rend.worker.media;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code ffprobe -print_format json -show_format -show_streams} output. */
public final class ProbeParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProbeParser() {}

    /**
     * @throws MediaFailure {@code unsupported_container} when the demuxer is not an allowed one
     *     (ffprobe's {@code -format_whitelist} should have refused it already), {@code
     *     source_not_video} when there is no decodable video stream
     */
    public static SourceProbe parse(String ffprobeJson) {
        JsonNode root;
        try {
            root = JSON.readTree(ffprobeJson);
        } catch (RuntimeException e) {
            throw new MediaFailure(
                    MediaFailure.SOURCE_NOT_VIDEO, false, "ffprobe printed no readable JSON");
        }
        String formatName = root.path("format").path("format_name").asString("");
        String container =
                SourceFormats.pinned(formatName)
                        .orElseThrow(() -> SourceFormats.unsupported(formatName));
        JsonNode video = null;
        JsonNode audio = null;
        for (JsonNode stream : root.path("streams")) {
            String type = stream.path("codec_type").asString("");
            boolean attachedPicture = stream.path("disposition").path("attached_pic").asInt(0) == 1;
            if (video == null
                    && type.equals("video")
                    && !attachedPicture
                    && stream.path("width").asInt(0) > 0) {
                video = stream;
            } else if (audio == null && type.equals("audio")) {
                audio = stream;
            }
        }
        if (video == null) {
            throw new MediaFailure(
                    MediaFailure.SOURCE_NOT_VIDEO, false, "the source has no video stream");
        }
        double seconds = number(root.path("format").path("duration"));
        if (seconds <= 0) {
            seconds = number(video.path("duration"));
        }
        if (!(seconds > 0)) {
            throw new MediaFailure(
                    MediaFailure.SOURCE_NOT_VIDEO, false, "the source has no duration");
        }
        int width = video.path("width").asInt();
        int height = video.path("height").asInt();
        int rotation = Math.abs(rotation(video)) % 180;
        if (rotation == 90) {
            int swap = width;
            width = height;
            height = swap;
        }
        return new SourceProbe(
                Math.round(seconds * 1000),
                width,
                height,
                video.path("codec_name").asString(null),
                rate(
                        video.path("avg_frame_rate").asString("0/0"),
                        video.path("r_frame_rate").asString("0/0")),
                audio == null ? null : audio.path("codec_name").asString(null),
                container,
                ffprobeJson);
    }

    private static int rotation(JsonNode video) {
        for (JsonNode side : video.path("side_data_list")) {
            if (side.has("rotation")) {
                return side.path("rotation").asInt();
            }
        }
        return video.path("tags").path("rotate").asInt(0);
    }

    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        try {
            return Double.parseDouble(node.asString(""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static double rate(String average, String real) {
        double value = fraction(average);
        return value > 0 && value < 1000 ? value : Math.max(0, Math.min(1000, fraction(real)));
    }

    private static double fraction(String text) {
        String[] parts = text.split("/");
        try {
            double numerator = Double.parseDouble(parts[0]);
            double denominator = parts.length > 1 ? Double.parseDouble(parts[1]) : 1;
            return denominator == 0 ? 0 : numerator / denominator;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
