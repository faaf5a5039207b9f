package so.rend.api.edges;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.edgeprotocol.HeartbeatAnswer;
import tools.jackson.databind.JsonNode;

/**
 * An edge that was away catches up on deletions page by page through its heartbeat cursor: every
 * answer bounded, every deletion delivered once (real API, real PostgreSQL, 10,000 deletions).
 */
class HeartbeatRevocationsIT {

    private static final int DELETIONS = 10_000;
    private static RunningApi api;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void tenThousandDeletionsArriveOnceEachInBoundedPages() {
        UUID account = UUID.randomUUID();
        // Deleted a minute ago, while the edge was away (recent enough for their tokens to live).
        api.db()
                .sql("INSERT INTO rend.accounts (id, name) VALUES (:account, 'heartbeat-test')")
                .bind("account", account)
                .then()
                .block();
        api.db()
                .sql(
                        """
                        WITH a AS (
                          INSERT INTO rend.assets (id, account_id, source_state, playable_state,
                                source_object_key, source_content_type, source_byte_size, deleted_at, created_at)
                          SELECT id, :account, 'uploaded', 'hls_ready', 'sources/' || id || '/source', 'video/mp4', 1,
                                 now() - interval '1 minute', now() - interval '2 minutes'
                          FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, :n)) ids RETURNING id)
                        INSERT INTO rend.asset_events (event_id, account_id, asset_id, event_type, payload, created_at)
                        SELECT gen_random_uuid(), :account, id, 'asset.deleted', '{}'::jsonb, now() - interval '1 minute'
                        FROM a""")
                .bind("account", account)
                .bind("n", DELETIONS)
                .then()
                .block();
        Set<String> expected = new HashSet<>();
        api.db()
                .sql("SELECT id FROM rend.assets WHERE account_id = :account")
                .bind("account", account)
                .map(row -> row.get(0, UUID.class).toString())
                .all()
                .doOnNext(expected::add)
                .blockLast();
        assertThat(expected).hasSize(DELETIONS);

        List<String> delivered = new ArrayList<>();
        Long cursor = null;
        int pages = 0;
        boolean more = true;
        while (more) {
            JsonNode answer = beat(cursor);
            int size = answer.path("revoked_assets").size();
            assertThat(size).isLessThanOrEqualTo(HeartbeatAnswer.MAX_REVOCATIONS);
            answer.path("revoked_assets")
                    .forEach(r -> delivered.add(r.path("asset_id").asString()));
            long next = answer.path("revocations_cursor").asLong();
            assertThat(cursor == null || next >= cursor).isTrue();
            cursor = next;
            more = answer.path("more_revocations").asBoolean();
            assertThat(++pages).as("pages").isLessThan(100);
        }

        assertThat(delivered).doesNotHaveDuplicates();
        assertThat(delivered).containsAll(expected);
        assertThat(pages).isGreaterThanOrEqualTo(DELETIONS / HeartbeatAnswer.MAX_REVOCATIONS);
        // Caught up: the next heartbeat with the cursor hands out nothing again.
        assertThat(beat(cursor).path("revoked_assets").size()).isZero();
    }

    private static JsonNode beat(Long cursor) {
        Response response =
                api.send(
                        api.internalRequest(
                                        "/internal/edges/heartbeat",
                                        ApiTestEnvironment.INTERNAL_TOKEN)
                                .header("content-type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"edge_id\":\"catching-up\",\"region\":\"r\","
                                                        + "\"public_url\":\"http://10.0.0.9:4100\","
                                                        + "\"internal_url\":\"http://10.0.0.9:4101\""
                                                        + (cursor == null
                                                                ? ""
                                                                : ",\"revocations_after\":"
                                                                        + cursor)
                                                        + "}"))
                                .build());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
