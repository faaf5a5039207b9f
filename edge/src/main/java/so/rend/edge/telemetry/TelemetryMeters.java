package so.rend.edge.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The telemetry counters' names, in one place. */
final class TelemetryMeters {

    private TelemetryMeters() {}

    /** Events lost on purpose: {@code queue_full}, {@code spool_full}, {@code rejected}. */
    static Counter dropped(MeterRegistry meters, String reason) {
        return Counter.builder("rend.edge.telemetry.dropped")
                .tag("reason", reason)
                .register(meters);
    }
}
