package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;

/**
 * The list's filters are served by the V7 indexes, on a real PostgreSQL with enough rows that a
 * sequential scan would be the planner's honest choice if no index fitted: EXPLAIN of the very
 * statement {@link AssetRepository#page} runs, with its bound values.
 */
class AssetFilterIndexesIT {

    private static final int ROWS = 20_000;
    private static RunningApi api;
    private static UUID account;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of());
        account = UUID.randomUUID();
        DatabaseClient db = api.db();
        db.sql("INSERT INTO rend.accounts (id, name) VALUES (:id, 'explain')")
                .bind("id", account)
                .then()
                .block();
        db.sql(
                        """
                        INSERT INTO rend.assets (id, account_id, source_state, playable_state,
                            source_object_key, source_content_type, source_byte_size, title,
                            external_id, creator_id, tags, created_at)
                        SELECT gen_random_uuid(), :account, 'uploaded',
                            CASE WHEN n % 500 = 0 THEN 'failed' ELSE 'hls_ready' END,
                            'sources/explain-' || n || '/' || :account, 'video/mp4', 1000,
                            'video ' || n, 'ext-' || n, 'creator-' || (n % 200),
                            ARRAY['all', 'tag-' || (n % 400)],
                            now() - (n || ' seconds')::interval
                        FROM generate_series(1, :rows) AS n""")
                .bind("account", account)
                .bind("rows", ROWS)
                .then()
                .block();
        db.sql("ANALYZE rend.assets").then().block();
    }

    @AfterAll
    static void stop() {
        api.db()
                .sql("DELETE FROM rend.assets WHERE account_id = :account")
                .bind("account", account)
                .then()
                .block();
        api.close();
    }

    @Test
    void externalIdUsesItsIndex() {
        assertThat(explain(new AssetFilter("ext-77", null, null, null, null)))
                .contains("assets_account_external_id");
    }

    @Test
    void creatorIdUsesItsIndex() {
        assertThat(explain(new AssetFilter(null, "creator-5", null, null, null)))
                .contains("assets_account_creator_id");
    }

    @Test
    void aTagUsesTheTagIndex() {
        assertThat(explain(new AssetFilter(null, null, List.of("tag-7"), null, null)))
                .contains("assets_tags");
    }

    @Test
    void playableStateUsesItsIndex() {
        assertThat(explain(new AssetFilter(null, null, null, "failed", null)))
                .contains("assets_account_playable_state");
    }

    @Test
    void createdAfterUsesThePageIndex() {
        Instant recent = Instant.now().minusSeconds(30);
        assertThat(explain(new AssetFilter(null, null, null, null, recent)))
                .contains("assets_account_page");
    }

    private static String explain(AssetFilter filter) {
        String plan =
                String.join(
                        "\n",
                        api.db()
                                .sql("EXPLAIN " + AssetRepository.pageSql(filter, false))
                                .bind("account", account)
                                .bind("limit", 26)
                                .bindValues(filter.binds())
                                .map(row -> row.get(0, String.class))
                                .all()
                                .collectList()
                                .block());
        System.out.println("EXPLAIN " + filter + "\n" + plan);
        assertThat(plan).doesNotContain("Seq Scan");
        return plan;
    }
}
