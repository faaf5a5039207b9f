package so.rend.api.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import so.rend.api.auth.ApiKeys;
import so.rend.database.DatabaseUrl;
import so.rend.migrations.RendSchema;

/**
 * Operator commands of the API jar, run without starting the server: {@code migrate} applies the
 * schema; {@code create-api-key NAME} creates an account and prints its key. Both read {@code
 * REND_DATABASE_URL}.
 */
public final class ApiCommands {

    private static final Set<String> COMMANDS = Set.of("migrate", "create-api-key");

    private ApiCommands() {}

    public static boolean handles(String command) {
        return COMMANDS.contains(command);
    }

    /**
     * @param environment the process environment ({@code System.getenv()} from {@code main})
     */
    public static int run(String command, String[] args, Map<String, String> environment) {
        String databaseUrl = environment.get("REND_DATABASE_URL");
        if (databaseUrl == null || databaseUrl.isBlank()) {
            System.err.println("REND_DATABASE_URL is not set");
            return 2;
        }
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
        var migrated = RendSchema.migrate(url.jdbcUrl(), url.user(), url.password());
        if (command.equals("migrate")) {
            System.out.println(
                    "schema rend migrated: " + migrated.migrationsExecuted + " migrations applied");
            return 0;
        }
        if (args.length != 1 || args[0].isBlank()) {
            System.err.println("usage: create-api-key ACCOUNT_NAME");
            return 2;
        }
        try (Connection connection =
                DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            connection.setAutoCommit(false);
            UUID accountId = UUID.randomUUID();
            String key = ApiKeys.newKey();
            try (PreparedStatement account =
                            connection.prepareStatement(
                                    "INSERT INTO rend.accounts (id, name) VALUES (?, ?)");
                    PreparedStatement apiKey =
                            connection.prepareStatement(
                                    "INSERT INTO rend.api_keys (id, account_id, key_prefix, key_sha256, label) VALUES (?, ?, ?, ?, ?)")) {
                account.setObject(1, accountId);
                account.setString(2, args[0]);
                account.executeUpdate();
                apiKey.setObject(1, UUID.randomUUID());
                apiKey.setObject(2, accountId);
                apiKey.setString(3, ApiKeys.prefixOf(key));
                apiKey.setBytes(4, ApiKeys.sha256(key));
                apiKey.setString(5, "create-api-key");
                apiKey.executeUpdate();
            }
            connection.commit();
            System.out.println("account_id=" + accountId);
            System.out.println("api_key=" + key);
            return 0;
        } catch (SQLException e) {
            System.err.println("could not create the account: " + e.getMessage());
            return 1;
        }
    }
}
