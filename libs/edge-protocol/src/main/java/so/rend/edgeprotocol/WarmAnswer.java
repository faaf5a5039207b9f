package so.rend.edgeprotocol;

import java.util.Map;
import java.util.UUID;

/**
 * What an edge answers a warm with: per artifact path, {@code cached}, {@code filled}, {@code
 * failed} or {@code busy} (the fill cap was reached).
 */
public record WarmAnswer(UUID assetId, Map<String, String> results) {}
