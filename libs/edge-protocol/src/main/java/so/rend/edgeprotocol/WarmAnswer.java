package so.rend.edgeprotocol;

import java.util.Map;
import java.util.UUID;

/**
 * What an edge answers a warm with: per artifact path, {@code cached}, {@code filled}, {@code
 * failed}, {@code busy} (the fill cap was reached) or {@code revoked} (the asset was deleted: the
 * edge refuses its tokens and does not warm it).
 */
public record WarmAnswer(UUID assetId, Map<String, String> results) {

    /** The result for every path of a revoked asset. */
    public static final String REVOKED = "revoked";
}
