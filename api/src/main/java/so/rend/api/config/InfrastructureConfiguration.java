package so.rend.api.config;

import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import so.rend.database.DatabaseUrl;
import so.rend.database.PostgresPool;
import so.rend.edgefanout.EdgeFanout;
import so.rend.migrations.RendSchema;
import so.rend.objectstore.ObjectStore;

/** Postgres (migrated before first use) and the object store. */
@Configuration(proxyBeanMethods = false)
public class InfrastructureConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InfrastructureConfiguration.class);

    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionPool(DatabaseProperties database) {
        DatabaseUrl url = database.databaseUrl();
        // Every query the API makes assumes the newest schema, so migrate before the pool exists.
        var result = RendSchema.migrate(url.jdbcUrl(), url.user(), url.password());
        log.info(
                "schema rend at version {} ({} migrations applied) on {}",
                result.targetSchemaVersion == null
                        ? result.initialSchemaVersion
                        : result.targetSchemaVersion,
                result.migrationsExecuted,
                url);
        return PostgresPool.pool(url, "rend-api", database.poolSize());
    }

    @Bean
    DatabaseClient databaseClient(ConnectionPool pool) {
        return DatabaseClient.create(pool);
    }

    @Bean
    TransactionalOperator transactionalOperator(ConnectionPool pool) {
        return TransactionalOperator.create(new R2dbcTransactionManager(pool));
    }

    @Bean
    EdgeFanout edgeFanout(
            DatabaseProperties database,
            @Value("${rend.internal-token:}") String internalToken,
            @Value("${rend.edges.healthy-within}") Duration healthyWithin,
            @Value("${rend.edges.purge-url:}") String purgeUrl) {
        return new EdgeFanout(
                PostgresPool.connectionFactory(database.databaseUrl(), "rend-api-edges"),
                internalToken,
                healthyWithin,
                null,
                purgeUrl);
    }

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(ObjectStoreProperties properties) {
        return ObjectStore.create(properties.toConfig());
    }
}
