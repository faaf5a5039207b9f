package so.rend.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.pool.PooledRefMetadata;

class ConnectionEvictionTest {

    private final ConnectionEviction eviction =
            new ConnectionEviction(Duration.ofMinutes(5), Duration.ofMinutes(30));

    @Test
    void keepsAnOpenConnectionThatIsNeitherIdleNorOldTooLong() {
        assertThat(eviction.test(connection(Mono.just(true)), metadata(1_000, 60_000))).isFalse();
    }

    @Test
    void dropsAConnectionWhoseSocketHasClosed() {
        assertThat(eviction.test(connection(Mono.just(false)), metadata(0, 0))).isTrue();
        assertThat(
                        eviction.test(
                                connection(Mono.error(new IllegalStateException("closed"))),
                                metadata(0, 0)))
                .isTrue();
    }

    @Test
    void dropsAConnectionIdleOrAliveTooLongAsR2dbcPoolWould() {
        assertThat(eviction.test(connection(Mono.just(true)), metadata(300_000, 300_000))).isTrue();
        assertThat(eviction.test(connection(Mono.just(true)), metadata(0, 1_800_000))).isTrue();
    }

    @Test
    void takesAnUnansweredLocalCheckAsOpenAndLeavesItToTheValidationQuery() {
        assertThat(eviction.test(connection(Mono.never()), metadata(0, 0))).isFalse();
    }

    /** A connection that only answers {@code validate(LOCAL)}, with {@code open}. */
    private static Connection connection(Mono<Boolean> open) {
        return (Connection)
                Proxy.newProxyInstance(
                        Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("validate")
                                    && args[0] == ValidationDepth.LOCAL) {
                                return open;
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
    }

    private static PooledRefMetadata metadata(long idleMillis, long lifeMillis) {
        return new PooledRefMetadata() {
            @Override
            public int acquireCount() {
                return 1;
            }

            @Override
            public long idleTime() {
                return idleMillis;
            }

            @Override
            public long lifeTime() {
                return lifeMillis;
            }

            @Override
            public long releaseTimestamp() {
                return 0;
            }

            @Override
            public long allocationTimestamp() {
                return 0;
            }
        };
    }
}
