package so.rend.api.analytics;

/** {@code GET /v1/usage} on the embedded mode's DuckDB store. */
class UsageMetersOnDuckDbIT extends UsageMetersContract {

    @Override
    StoreUnderTest store() {
        return StoreUnderTest.duckdb();
    }
}
