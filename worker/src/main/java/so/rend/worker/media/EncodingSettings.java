package so.rend.worker.media;

/**
 * How Rend encodes, from configuration.
 *
 * @param segmentSeconds HLS segment length and keyframe interval (2 s, Apple's authoring spec)
 * @param openerSegments the opener covers this many segments, so the player's hand-over to HLS
 *     lands on a segment boundary
 * @param openerShortSide the opener's short side (it is never upscaled past the source)
 * @param openerVideoKbps the opener's video bitrate
 * @param ladderPreset the x264 preset of the ladder (the opener always uses ultrafast)
 * @param audioKbps AAC bitrate of every output
 * @param thumbnailShortSide the thumbnail's short side
 */
public record EncodingSettings(
        int segmentSeconds,
        int openerSegments,
        int openerShortSide,
        int openerVideoKbps,
        String ladderPreset,
        int audioKbps,
        int thumbnailShortSide) {

    public static final EncodingSettings DEFAULTS =
            new EncodingSettings(2, 1, 360, 900, "superfast", 128, 720);

    public EncodingSettings {
        if (segmentSeconds < 1
                || openerSegments < 1
                || openerShortSide < 2
                || thumbnailShortSide < 2) {
            throw new IllegalArgumentException("invalid encoding settings");
        }
    }

    public int openerSeconds() {
        return segmentSeconds * openerSegments;
    }
}
