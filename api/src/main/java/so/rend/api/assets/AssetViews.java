package so.rend.api.assets;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of the assets API (snake_case on the wire). */
public final class AssetViews {

    private AssetViews() {}

    public record Links(String self, String events) {

        static Links of(UUID assetId) {
            return new Links("/v1/assets/" + assetId, "/v1/assets/" + assetId + "/events");
        }
    }

    public record Failure(String code, String message) {}

    public record AssetView(
            UUID assetId,
            String sourceState,
            String playableState,
            String sourceObjectKey,
            String sourceContentType,
            long sourceByteSize,
            Double durationSeconds,
            Integer width,
            Integer height,
            String videoCodec,
            String audioCodec,
            Failure failure,
            Instant createdAt,
            Instant updatedAt,
            Instant deletedAt,
            String title,
            String externalId,
            String creatorId,
            String passthrough,
            List<String> tags,
            Links links) {

        public static AssetView of(Asset a) {
            AssetMetadata m = a.metadata();
            return new AssetView(
                    a.id(),
                    a.sourceState(),
                    a.playableState(),
                    a.sourceObjectKey(),
                    a.sourceContentType(),
                    a.sourceByteSize(),
                    a.durationMs() == null ? null : a.durationMs() / 1000.0,
                    a.width(),
                    a.height(),
                    a.videoCodec(),
                    a.audioCodec(),
                    a.failureCode() == null
                            ? null
                            : new Failure(a.failureCode(), a.failureMessage()),
                    a.createdAt(),
                    a.updatedAt(),
                    a.deletedAt(),
                    m.title(),
                    m.externalId(),
                    m.creatorId(),
                    m.passthrough(),
                    m.tags(),
                    Links.of(a.id()));
        }
    }

    public record MediaJobView(UUID id, String state) {}

    /**
     * The answer to an upload: what was stored and how to follow it. No playback URL: none works
     * yet.
     */
    public record UploadView(
            UUID assetId,
            String sourceObjectKey,
            long sourceByteSize,
            String sourceState,
            String playableState,
            MediaJobView mediaJob,
            Instant createdAt,
            String title,
            String externalId,
            String creatorId,
            String passthrough,
            List<String> tags,
            Links links) {

        public static UploadView of(UploadService.Uploaded uploaded) {
            Asset a = uploaded.asset();
            AssetMetadata m = a.metadata();
            return new UploadView(
                    a.id(),
                    a.sourceObjectKey(),
                    a.sourceByteSize(),
                    a.sourceState(),
                    a.playableState(),
                    new MediaJobView(uploaded.mediaJobId(), "queued"),
                    a.createdAt(),
                    m.title(),
                    m.externalId(),
                    m.creatorId(),
                    m.passthrough(),
                    m.tags(),
                    Links.of(a.id()));
        }
    }

    public record AssetPage(List<AssetView> data, String nextCursor) {}

    public record EventView(
            long sequence,
            UUID eventId,
            UUID assetId,
            String eventType,
            JsonNode payload,
            Instant createdAt) {}

    public record EventPage(List<EventView> data, long nextAfterSequence) {}
}
