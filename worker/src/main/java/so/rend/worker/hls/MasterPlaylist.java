package so.rend.worker.hls;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes the multivariant ("master") playlist text that Rend publishes as {@code hls/master.m3u8}.
 */
public final class MasterPlaylist {

    private MasterPlaylist() {}

    /**
     * Variants are listed lowest bandwidth first, so a client that takes the first entry starts
     * fast.
     */
    public static String render(List<VariantStream> variants) {
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("a master playlist needs at least one variant");
        }
        StringBuilder out = new StringBuilder();
        out.append("#EXTM3U\n");
        out.append("#EXT-X-VERSION:7\n");
        out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        variants.stream()
                .sorted(Comparator.comparingLong(VariantStream::peakBitsPerSecond))
                .forEach(
                        v -> {
                            out.append("#EXT-X-STREAM-INF:BANDWIDTH=")
                                    .append(v.peakBitsPerSecond())
                                    .append(",AVERAGE-BANDWIDTH=")
                                    .append(v.averageBitsPerSecond())
                                    .append(",RESOLUTION=")
                                    .append(v.width())
                                    .append('x')
                                    .append(v.height());
                            if (v.frameRate() > 0) {
                                out.append(",FRAME-RATE=")
                                        .append(String.format(Locale.ROOT, "%.3f", v.frameRate()));
                            }
                            out.append(",CODECS=\"").append(v.codecs()).append("\"\n");
                            out.append(v.uri()).append('\n');
                        });
        return out.toString();
    }
}
