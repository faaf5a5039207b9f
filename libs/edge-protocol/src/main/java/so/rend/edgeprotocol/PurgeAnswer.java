package so.rend.edgeprotocol;

import java.util.UUID;

/** What an edge answers a purge with: how many cached artifacts it dropped. */
public record PurgeAnswer(UUID assetId, int purged) {}
