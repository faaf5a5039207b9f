package so.rend.api.playback;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a player needs first after the opener: the rendition nearest the opener's size (so the
 * hand-over changes the picture least), its variant playlist and init segment, and the segments
 * that follow the opener (the opener already covers the first {@code openerSegments}). A plain
 * function of the asset's artifact rows and the worker's opener facts.
 *
 * @param rendition the chosen rendition, {@code null} when the ladder has none
 * @param variantPlaylist its media playlist's object key, or {@code null}
 * @param initSegment its init segment's object key, or {@code null}
 * @param segments object keys of the segments after the opener, in play order
 * @param handoffSeconds where the opener ends on the segment grid, or {@code null} when unknown
 */
public record PlaybackStart(
        String rendition,
        String variantPlaylist,
        String initSegment,
        List<String> segments,
        Double handoffSeconds) {

    /** One artifact row: kind, rendition (or {@code null}), object key. */
    public record Artifact(String kind, String rendition, String objectKey) {}

    /**
     * What the worker said of the opener and the ladder; any of them {@code null} when it did not.
     */
    public record OpenerFacts(Integer segments, Integer shortSide, Double segmentSeconds) {}

    static final PlaybackStart NONE = new PlaybackStart(null, null, null, List.of(), null);

    public static PlaybackStart of(List<Artifact> rows, OpenerFacts facts, int segmentCount) {
        Map<String, List<Artifact>> byRendition =
                rows.stream()
                        .filter(r -> r.rendition() != null)
                        .collect(Collectors.groupingBy(Artifact::rendition));
        List<String> withSegments =
                byRendition.entrySet().stream()
                        .filter(e -> e.getValue().stream().anyMatch(r -> isSegment(r)))
                        .map(Map.Entry::getKey)
                        .toList();
        if (withSegments.isEmpty()) {
            return NONE;
        }
        int target = facts.shortSide() == null ? 0 : facts.shortSide();
        String rendition =
                withSegments.stream()
                        .min(
                                Comparator.comparingInt(
                                                (String r) -> Math.abs(leadingNumber(r) - target))
                                        .thenComparingInt(PlaybackStart::leadingNumber)
                                        .thenComparing(Comparator.naturalOrder()))
                        .orElseThrow();
        List<Artifact> own = byRendition.get(rendition);
        int skip = facts.segments() == null ? 0 : facts.segments();
        List<String> segments =
                own.stream()
                        .filter(PlaybackStart::isSegment)
                        .map(Artifact::objectKey)
                        .sorted()
                        .skip(skip)
                        .limit(segmentCount)
                        .toList();
        Double handoff =
                facts.segments() == null || facts.segmentSeconds() == null
                        ? null
                        : facts.segments() * facts.segmentSeconds();
        return new PlaybackStart(
                rendition, key(own, "media_playlist"), key(own, "init_segment"), segments, handoff);
    }

    private static boolean isSegment(Artifact row) {
        return row.kind().equals("media_segment");
    }

    private static String key(List<Artifact> rows, String kind) {
        return rows.stream()
                .filter(r -> r.kind().equals(kind))
                .map(Artifact::objectKey)
                .findFirst()
                .orElse(null);
    }

    /** {@code 720p} → 720; names without a leading number sort last. */
    static int leadingNumber(String rendition) {
        int i = 0;
        while (i < rendition.length() && Character.isDigit(rendition.charAt(i))) {
            i++;
        }
        return i == 0 || i > 6 ? 1_000_000 : Integer.parseInt(rendition.substring(0, i));
    }
}
