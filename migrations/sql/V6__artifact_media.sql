-- What a byte of each media file is worth in media time, for the delivered-minutes meter: the
-- opener and every HLS media segment with its length in bytes and in milliseconds of media (from
-- the playlist ffmpeg wrote, or the opener's cut). The edge counts bytes per artifact path; the
-- usage query turns them into minutes as bytes / byte_size x media_ms, so a range request counts
-- its share. Kept apart from rend.artifacts on purpose: those rows go when the asset's objects are
-- removed, these stay, so deliveries before a delete are still metered after it.
CREATE TABLE rend.artifact_media (
    asset_id       uuid NOT NULL REFERENCES rend.assets (id) ON DELETE CASCADE,
    artifact_path  text NOT NULL,
    byte_size      bigint NOT NULL CHECK (byte_size > 0),
    media_ms       bigint NOT NULL CHECK (media_ms > 0),
    PRIMARY KEY (asset_id, artifact_path)
);
