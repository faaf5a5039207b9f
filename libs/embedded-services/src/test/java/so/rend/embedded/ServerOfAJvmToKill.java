package so.rend.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The JVM {@link EmbeddedPostgresRestartIT} kills with SIGKILL: starts a server on a data
 * directory, writes a row, says {@code ready} and waits to be killed.
 */
final class ServerOfAJvmToKill {

    private ServerOfAJvmToKill() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server =
                EmbeddedPostgresServer.start(Path.of(args[0]), Integer.parseInt(args[1]));
        try (Connection connection =
                        DriverManager.getConnection(
                                server.jdbcUrl(),
                                EmbeddedPostgresServer.USER,
                                EmbeddedPostgresServer.PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("create table survived (answer int)");
            statement.execute("insert into survived values (42)");
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
