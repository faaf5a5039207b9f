package so.rend.api.config;

import io.r2dbc.pool.ConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import so.rend.database.DatabaseSettings;
import so.rend.database.DatabaseUrl;
import so.rend.database.PostgresPool;
import so.rend.edgefanout.EdgeFanout;
import so.rend.migrations.RendSchema;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.S3Settings;

/**
 * Postgres (migrated before first use), the object store and the edge fan-out, from the settings
 * every process shares ({@link DatabaseSettings}, {@link S3Settings}).
 */
@Configuration(proxyBeanMethods = false)
public class InfrastructureConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InfrastructureConfiguration.class);
    private static final int DEFAULT_POOL_SIZE = 20;

    @Bean
    DatabaseSettings databaseSettings(Environment environment) {
        return Binder.get(environment).bindOrCreate("rend.database", DatabaseSettings.class);
    }

    @Bean
    S3Settings s3Settings(Environment environment) {
        return Binder.get(environment).bindOrCreate("rend.s3", S3Settings.class);
    }

    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionPool(DatabaseSettings database) {
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
        return PostgresPool.pool(
                url, "rend-api", database.poolSizeOr(DEFAULT_POOL_SIZE), database.acquireTimeout());
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
    EdgeFanout edgeFanout(DatabaseSettings database, EdgesProperties edges) {
        return new EdgeFanout(
                PostgresPool.connectionFactory(database.databaseUrl(), "rend-api-edges"),
                edges.internalToken(),
                edges.callbackTargets(),
                edges.healthyWithin(),
                null,
                edges.purgeUrl());
    }

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(S3Settings s3) {
        return ObjectStore.create(s3.toConfig());
    }
}
