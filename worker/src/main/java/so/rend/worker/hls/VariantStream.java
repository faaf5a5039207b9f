package so.rend.worker.hls;

/**
 * What the master playlist says about one rendition, measured from the files ffmpeg wrote.
 *
 * @param uri the media playlist, relative to the master playlist
 * @param peakBitsPerSecond the highest bitrate of any one segment (BANDWIDTH)
 * @param averageBitsPerSecond all segments' bits over the whole duration (AVERAGE-BANDWIDTH)
 * @param codecs the RFC 6381 codecs string, e.g. {@code avc1.64001f,mp4a.40.2}
 * @param frameRate frames per second, or 0 when unknown
 */
public record VariantStream(
        String uri,
        long peakBitsPerSecond,
        long averageBitsPerSecond,
        int width,
        int height,
        String codecs,
        double frameRate) {}
