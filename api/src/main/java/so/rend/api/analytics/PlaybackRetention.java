package so.rend.api.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Raw playback events are kept {@code REND_TELEMETRY_RETENTION_DAYS} days: every hour the API drops
 * the events of the UTC days older than that (on ClickHouse, the day partitions of {@code
 * playback_events}; in the embedded DuckDB store, a delete). The same statements on every API
 * replica are harmless. 0 keeps everything. The ClickHouse schema has no table TTL because 18.16
 * cannot express one on this table; dropping partitions is what a TTL would do, a day at a time.
 */
public final class PlaybackRetention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PlaybackRetention.class);
    private static final Pattern DAY = Pattern.compile("'?(\\d{4}-\\d{2}-\\d{2})'?");
    static final Duration EVERY = Duration.ofHours(1);
    static final Duration FIRST_AFTER = Duration.ofMinutes(1);

    private final PlaybackStore store;
    private final int days;
    private final Clock clock;
    private Disposable schedule;

    public PlaybackRetention(PlaybackStore store, int days, Clock clock) {
        if (days < 0) {
            throw new IllegalArgumentException(
                    "REND_TELEMETRY_RETENTION_DAYS must be 0 (keep) or more, was " + days);
        }
        this.store = store;
        this.days = days;
        this.clock = clock;
    }

    /** Drops old days now and every hour; nothing when retention is off or there is no store. */
    public void start() {
        if (days == 0 || !store.configured()) {
            return;
        }
        schedule =
                Flux.interval(FIRST_AFTER, EVERY, Schedulers.boundedElastic())
                        .concatMap(tick -> dropExpired().onErrorResume(e -> Mono.empty()))
                        .subscribe();
    }

    /** The days dropped: those before {@code today - days} (UTC). */
    public Mono<List<LocalDate>> dropExpired() {
        LocalDate oldestKept = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days);
        return store.dropDaysBefore(oldestKept)
                .doOnNext(
                        dropped -> {
                            if (!dropped.isEmpty()) {
                                log.info(
                                        "playback events of {} dropped (retention {} days)",
                                        dropped,
                                        days);
                            }
                        });
    }

    /** The days among {@code rows} (one partition each) before {@code oldestKept}, oldest first. */
    static List<LocalDate> expired(List<String[]> rows, LocalDate oldestKept) {
        List<LocalDate> expired = new ArrayList<>();
        for (String[] row : rows) {
            var m = DAY.matcher(row[0].trim());
            if (m.matches()) {
                LocalDate day = LocalDate.parse(m.group(1));
                if (day.isBefore(oldestKept)) {
                    expired.add(day);
                }
            }
        }
        expired.sort(null);
        return expired;
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.dispose();
        }
    }
}
