package so.rend.api.analytics;

/**
 * The analytics routes on the embedded mode's DuckDB store (a machine without ClickHouse): the same
 * events, the same answers.
 */
class PlaybackAnalyticsOnDuckDbIT extends PlaybackAnalyticsContract {

    @Override
    StoreUnderTest store() {
        return StoreUnderTest.duckdb();
    }
}
