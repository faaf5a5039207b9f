-- A running encode of an asset that was just deleted must stop at once: the deletion notifies the
-- workers' LISTEN channel with 'deleted:<asset id>' (the payload tells it from a job id), so the
-- worker running it kills its processes instead of waiting for its next lease heartbeat.
CREATE FUNCTION rend.notify_asset_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rend_media_jobs', 'deleted:' || NEW.id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER assets_deleted_notify
    AFTER UPDATE OF deleted_at ON rend.assets
    FOR EACH ROW WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION rend.notify_asset_deleted();
