package so.rend.edge.telemetry;

/**
 * Where the sender puts a batch: ClickHouse, or the embedded mode's DuckDB file. A batch is
 * JSONEachRow lines, the same bytes the spool keeps.
 */
interface EventSink extends AutoCloseable {

    /**
     * Stores the lines, or throws: {@link Rejected} when they can never be stored (the sender then
     * drops and counts them), anything else when the store is down or slow (it spools them).
     */
    void insert(byte[] lines, int events) throws Exception;

    @Override
    void close();

    /** Lines the store refused for good (parse and type errors), not for now. */
    final class Rejected extends Exception {
        Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
