package so.rend.worker.hls;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the renditions for a source: every rung whose short side fits in the source's short side,
 * so nothing is ever upscaled. Portrait sources keep their orientation (the short side is the
 * width).
 */
public final class HlsLadder {

    /** The rungs, short side → video kb/s, top first. */
    public static final List<Rung> RUNGS =
            List.of(
                    new Rung(1080, 5000),
                    new Rung(720, 2800),
                    new Rung(480, 1400),
                    new Rung(360, 800),
                    new Rung(240, 400));

    public record Rung(int shortSide, int videoKbps) {}

    private HlsLadder() {}

    public static List<Rendition> choose(int sourceWidth, int sourceHeight) {
        if (sourceWidth <= 0 || sourceHeight <= 0) {
            throw new IllegalArgumentException(
                    "source size must be positive: " + sourceWidth + "x" + sourceHeight);
        }
        int shortSide = Math.min(sourceWidth, sourceHeight);
        List<Rendition> chosen = new ArrayList<>();
        for (Rung rung : RUNGS) {
            if (rung.shortSide() <= shortSide) {
                chosen.add(scaled(sourceWidth, sourceHeight, rung.shortSide(), rung.videoKbps()));
            }
        }
        if (chosen.isEmpty()) {
            // Smaller than the lowest rung: one rendition at the source's own size.
            int even = Math.max(2, shortSide - shortSide % 2);
            Rung lowest = RUNGS.get(RUNGS.size() - 1);
            chosen.add(scaled(sourceWidth, sourceHeight, even, lowest.videoKbps()));
        }
        return List.copyOf(chosen);
    }

    /**
     * The frame size with short side {@code shortSide} and the source's aspect ratio, both sides
     * even.
     */
    public static Rendition scaled(
            int sourceWidth, int sourceHeight, int shortSide, int videoKbps) {
        boolean landscape = sourceWidth >= sourceHeight;
        int longSource = landscape ? sourceWidth : sourceHeight;
        int shortSource = landscape ? sourceHeight : sourceWidth;
        int longSide = even((double) longSource * shortSide / shortSource);
        int width = landscape ? longSide : shortSide;
        int height = landscape ? shortSide : longSide;
        return new Rendition(shortSide + "p", width, height, videoKbps);
    }

    private static int even(double value) {
        int rounded = (int) Math.round(value / 2.0) * 2;
        return Math.max(2, rounded);
    }
}
