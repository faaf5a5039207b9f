package so.rend.worker.hls;

import java.util.List;

/** BANDWIDTH and AVERAGE-BANDWIDTH from real segment sizes, as the HLS spec defines them. */
public final class Bandwidth {

    private Bandwidth() {}

    public record SizedSegment(long bytes, double durationSeconds) {}

    /**
     * The peak is the largest bitrate of any single segment; the init segment is fetched once per
     * rendition switch, so it counts towards the first segment, as Apple's mediastreamvalidator
     * does.
     */
    public static long peakBitsPerSecond(long initBytes, List<SizedSegment> segments) {
        long peak = 0;
        for (int i = 0; i < segments.size(); i++) {
            SizedSegment s = segments.get(i);
            long bytes = s.bytes() + (i == 0 ? initBytes : 0);
            peak = Math.max(peak, bitsPerSecond(bytes, s.durationSeconds()));
        }
        return peak;
    }

    public static long averageBitsPerSecond(long initBytes, List<SizedSegment> segments) {
        long bytes = initBytes;
        double seconds = 0;
        for (SizedSegment s : segments) {
            bytes += s.bytes();
            seconds += s.durationSeconds();
        }
        return bitsPerSecond(bytes, seconds);
    }

    private static long bitsPerSecond(long bytes, double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        return (long) Math.ceil(bytes * 8.0 / seconds);
    }
}
