package so.rend.api.analytics;

/** {@code GET /v1/usage} on a real clickhouse-server. */
class UsageMetersOnClickHouseIT extends UsageMetersContract {

    @Override
    StoreUnderTest store() {
        return StoreUnderTest.clickhouse("rend_usage_it");
    }
}
