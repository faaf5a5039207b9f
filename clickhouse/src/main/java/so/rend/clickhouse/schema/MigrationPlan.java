package so.rend.clickhouse.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run must apply, from the migrations this build carries and the versions the database has
 * recorded. A recorded version whose file changed since is refused (the database was built from
 * other SQL); versions the database has and this build does not know (a newer build migrated it)
 * are left alone, since every migration only adds.
 */
public final class MigrationPlan {

    /** A version as the database recorded it. */
    public record Applied(int version, String name, String checksum) {}

    private MigrationPlan() {}

    public static List<Migration> pending(List<Migration> available, List<Applied> applied) {
        checkOrder(available);
        Map<Integer, Applied> recorded =
                applied.stream().collect(Collectors.toMap(Applied::version, a -> a, (a, b) -> a));
        List<Migration> pending = new ArrayList<>();
        for (Migration migration : available) {
            Applied done = recorded.get(migration.version());
            if (done == null) {
                pending.add(migration);
            } else if (!done.checksum().equals(migration.checksum())) {
                throw new IllegalStateException(
                        "ClickHouse migration V"
                                + migration.version()
                                + "__"
                                + migration.name()
                                + " was applied from other SQL (checksum "
                                + done.checksum()
                                + ", this build has "
                                + migration.checksum()
                                + "); a shipped migration is never edited, add a new one");
            }
        }
        return pending;
    }

    private static void checkOrder(List<Migration> available) {
        for (int i = 0; i < available.size(); i++) {
            if (available.get(i).version() != i + 1) {
                throw new IllegalStateException(
                        "ClickHouse migrations must be numbered 1, 2, 3, … in order; found V"
                                + available.get(i).version()
                                + " at position "
                                + (i + 1));
            }
        }
    }
}
