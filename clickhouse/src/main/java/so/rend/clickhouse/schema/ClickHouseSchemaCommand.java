package so.rend.clickhouse.schema;

import com.clickhouse.client.api.Client;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import so.rend.clickhouse.ClickHouseClients;
import so.rend.clickhouse.ClickHouseSettings;

/**
 * The command line: {@code migrate} (the default) applies what is missing, {@code status} lists
 * what is applied and what is pending. Reads {@code REND_CLICKHOUSE_URL}, {@code _USER}, {@code
 * _PASSWORD}, {@code _DATABASE} from the environment.
 */
public final class ClickHouseSchemaCommand {

    private ClickHouseSchemaCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    /** Runs one command; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out) {
        String command = args.length == 0 ? "migrate" : args[0];
        ClickHouseSettings settings =
                new ClickHouseSettings(
                        env.get("REND_CLICKHOUSE_URL"),
                        env.get("REND_CLICKHOUSE_USER"),
                        env.get("REND_CLICKHOUSE_PASSWORD"),
                        env.get("REND_CLICKHOUSE_DATABASE"),
                        Duration.ofSeconds(30));
        if (!settings.configured()) {
            out.println("REND_CLICKHOUSE_URL is not set");
            return 2;
        }
        try (Client client = ClickHouseClients.create(settings)) {
            ClickHouseSchema schema = new ClickHouseSchema(client, settings);
            switch (command) {
                case "migrate" -> {
                    out.println("applied " + schema.migrate() + " on " + settings);
                }
                case "status" -> {
                    schema.applied()
                            .forEach(a -> out.println("applied V" + a.version() + "__" + a.name()));
                    MigrationPlan.pending(ClickHouseSchema.available(), schema.applied())
                            .forEach(m -> out.println("pending V" + m.version() + "__" + m.name()));
                }
                default -> {
                    out.println("usage: migrate | status");
                    return 2;
                }
            }
            return 0;
        } catch (RuntimeException e) {
            out.println("failed: " + e.getMessage());
            return 1;
        }
    }
}
