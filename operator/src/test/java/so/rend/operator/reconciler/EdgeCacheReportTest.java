package so.rend.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EdgeCacheReportTest {
    @Test
    void readsTheCacheUsageOfRendEdgesReadyz() {
        String readyz =
                "{\"status\":\"ready\",\"checks\":{\"disk_cache\":\"ok\",\"origin\":\"ok\"},"
                        + "\"cache\":{\"disk_bytes\":1073741824,\"disk_files\":12,\"ram_bytes\":2048,\"fills_in_flight\":1}}";
        assertThat(EdgeCacheReport.parse(readyz))
                .contains(new EdgeCacheReport.Usage(1073741824L, 2048L));
    }

    @Test
    void anythingElseIsNoReport() {
        assertThat(EdgeCacheReport.parse("{\"status\":\"ok\"}")).isEmpty();
        assertThat(EdgeCacheReport.parse("not json")).isEmpty();
        assertThat(EdgeCacheReport.parse("{\"cache\":{\"disk_bytes\":\"many\",\"ram_bytes\":1}}"))
                .isEmpty();
    }
}
