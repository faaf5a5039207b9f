package so.rend.database;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.BiPredicate;
import reactor.core.publisher.Mono;
import reactor.pool.PooledRefMetadata;

/**
 * Which pooled connections the pool drops: those idle or alive too long (what r2dbc-pool checks by
 * itself), and those whose socket is already closed — a backend the server terminated, a server
 * that restarted. The pool asks before lending an idle connection, when one is returned, and in its
 * background sweep, so a dead connection is dropped without a request ever seeing it.
 */
final class ConnectionEviction implements BiPredicate<Connection, PooledRefMetadata> {

    private final long maxIdleMillis;
    private final long maxLifeMillis;

    ConnectionEviction(Duration maxIdle, Duration maxLife) {
        this.maxIdleMillis = maxIdle.toMillis();
        this.maxLifeMillis = maxLife.toMillis();
    }

    @Override
    public boolean test(Connection connection, PooledRefMetadata metadata) {
        return metadata.idleTime() >= maxIdleMillis
                || metadata.lifeTime() >= maxLifeMillis
                || !isOpen(connection);
    }

    /**
     * r2dbc-postgresql answers a {@link ValidationDepth#LOCAL} validation from the channel's state,
     * synchronously, so this costs no I/O and never blocks. A driver that answered later would be
     * taken as open here and left to the validation query on acquire.
     */
    static boolean isOpen(Connection connection) {
        try {
            Boolean open =
                    Mono.from(connection.validate(ValidationDepth.LOCAL)).toFuture().getNow(true);
            return !Boolean.FALSE.equals(open);
        } catch (CompletionException e) {
            return false;
        }
    }
}
