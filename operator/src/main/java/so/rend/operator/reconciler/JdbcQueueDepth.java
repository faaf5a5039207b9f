package so.rend.operator.reconciler;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import so.rend.operator.model.QueueScaling;

/** Queue depth over JDBC, from the same postgresql:// URL the workers (and KEDA) use. */
public final class JdbcQueueDepth implements QueueDepthSource {

    @Override
    public long depth(String databaseUrl) throws SQLException {
        Properties properties = new Properties();
        String jdbcUrl = toJdbc(databaseUrl, properties);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "10");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(QueueScaling.QUEUE_DEPTH_QUERY)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * postgresql://user:pass@host:5432/db?sslmode=require →
     * jdbc:postgresql://host:5432/db?sslmode=require.
     */
    static String toJdbc(String url, Properties properties) {
        if (url.startsWith("jdbc:")) {
            return url;
        }
        URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
        if (uri.getRawUserInfo() != null) {
            String[] userInfo = uri.getRawUserInfo().split(":", 2);
            properties.setProperty("user", URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
            if (userInfo.length > 1) {
                properties.setProperty(
                        "password", URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
            }
        }
        String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query;
    }
}
