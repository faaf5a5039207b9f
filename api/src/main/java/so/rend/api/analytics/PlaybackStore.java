package so.rend.api.analytics;

import java.time.LocalDate;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where the API reads playback events: ClickHouse ({@link ClickHousePlaybackStore}), or the
 * embedded mode's DuckDB file ({@link DuckDbPlaybackStore}) on a machine without ClickHouse. Both
 * answer the statements of {@link PlaybackQueries} and {@link UsageQueries} written in their {@link
 * #sql() dialect}; a store that cannot be reached answers {@code analytics_unavailable}, none at
 * all {@code analytics_not_configured}.
 */
public interface PlaybackStore extends AutoCloseable {

    /** Whether there is a store at all. */
    boolean configured();

    /** The dialect its statements are written in. */
    PlaybackSql sql();

    /** The table of playback events, qualified as statements name it. */
    String eventsTable();

    /** The table of the players' QoE beacons, qualified as statements name it. */
    String viewsTable();

    /**
     * Stores JSONEachRow lines in the views table, blocking (the beacon writer's own thread);
     * throws when the store is down, slow or refuses them.
     */
    void insertViews(byte[] lines) throws Exception;

    /** Makes the schema ready now, logging (not throwing) a failure; the next query tries again. */
    void prepare();

    /** The rows of {@code sql}, every cell as text; blocking work off the event loop. */
    Mono<List<String[]>> rows(String sql);

    /**
     * Deletes the events and beacons of the UTC days before {@code oldestKept}; the days deleted.
     */
    Mono<List<LocalDate>> dropDaysBefore(LocalDate oldestKept);

    @Override
    void close();
}
