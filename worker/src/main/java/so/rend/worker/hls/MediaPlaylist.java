package so.rend.worker.hls;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an HLS media playlist Rend needs after ffmpeg wrote it: the init segment named by
 * {@code EXT-X-MAP} and each media segment with its {@code EXTINF} duration.
 */
public record MediaPlaylist(String initUri, List<Segment> segments, boolean ended) {

    public record Segment(String uri, double durationSeconds) {}

    public double durationSeconds() {
        return segments.stream().mapToDouble(Segment::durationSeconds).sum();
    }

    public static MediaPlaylist parse(String text) {
        if (!text.startsWith("#EXTM3U")) {
            throw new IllegalArgumentException("not an HLS playlist");
        }
        String initUri = null;
        boolean ended = false;
        List<Segment> segments = new ArrayList<>();
        Double pendingDuration = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#EXT-X-MAP:")) {
                initUri = attribute(line, "URI");
            } else if (line.startsWith("#EXTINF:")) {
                String value = line.substring("#EXTINF:".length());
                int comma = value.indexOf(',');
                pendingDuration = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
            } else if (line.equals("#EXT-X-ENDLIST")) {
                ended = true;
            } else if (!line.startsWith("#")) {
                if (pendingDuration == null) {
                    throw new IllegalArgumentException("segment without EXTINF: " + line);
                }
                segments.add(new Segment(line, pendingDuration));
                pendingDuration = null;
            }
        }
        return new MediaPlaylist(initUri, List.copyOf(segments), ended);
    }

    /** A quoted attribute of a tag, e.g. {@code URI} in {@code #EXT-X-MAP:URI="init.mp4"}. */
    static String attribute(String line, String name) {
        String key = name + "=\"";
        int start = line.indexOf(key);
        if (start < 0) {
            return null;
        }
        int from = start + key.length();
        int end = line.indexOf('"', from);
        return end < 0 ? null : line.substring(from, end);
    }
}
