package so.rend.operator.reconciler;

/** Reads the media job queue depth (queued + running) for the built-in scaler. */
@FunctionalInterface
public interface QueueDepthSource {
    long depth(String databaseUrl) throws Exception;
}
