package so.rend.dev;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import so.rend.embedded.LoopbackPort;

/**
 * The fixed ports the embedded mode listens on, each with the setting that moves it, checked before
 * anything starts: a port another process holds is a one-line refusal, not a framework's stack
 * trace half-way through a start. (The PostgreSQL port is the embedded server's own check: a server
 * this data directory left running there is not foreign.)
 */
final class ListenerPorts {

    /** A port and the variable that sets it. */
    record Setting(String variable, int port) {}

    private ListenerPorts() {}

    /** Every fixed port, the PostgreSQL one included; 0 (a free port) is none. */
    static List<Setting> fixed(DevSettings settings) {
        return List.of(
                        new Setting("REND_API_PORT", settings.apiPort()),
                        new Setting("REND_API_INTERNAL_PORT", settings.apiInternalPort()),
                        new Setting("REND_EDGE_PORT", settings.edgePort()),
                        new Setting("REND_EDGE_INTERNAL_PORT", settings.edgeInternalPort()),
                        new Setting("REND_WORKER_PORT", settings.workerPort()),
                        new Setting("REND_EMBEDDED_S3_PORT", settings.s3Port()),
                        new Setting("REND_EMBEDDED_POSTGRES_PORT", settings.postgresPort()))
                .stream()
                .filter(setting -> setting.port() != 0)
                .toList();
    }

    /** Two settings that name the same port, which no start could satisfy. */
    static Optional<StartRefusal> shared(List<Setting> settings) {
        Map<Integer, String> seen = new HashMap<>();
        for (Setting setting : settings) {
            String first = seen.putIfAbsent(setting.port(), setting.variable());
            if (first != null) {
                return Optional.of(
                        StartRefusal.sharedPort(setting.port(), first, setting.variable()));
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses a start whose ports clash or are taken (the PostgreSQL one is left to its server).
     */
    static void refuseTaken(DevSettings settings) {
        List<Setting> fixed = fixed(settings);
        Optional<StartRefusal> shared = shared(fixed);
        if (shared.isPresent()) {
            throw shared.get();
        }
        for (Setting setting : fixed) {
            if (!setting.variable().equals("REND_EMBEDDED_POSTGRES_PORT")
                    && LoopbackPort.inUse(setting.port())) {
                throw StartRefusal.portInUse(setting.port(), setting.variable());
            }
        }
    }
}
