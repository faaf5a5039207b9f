package so.rend.edgeprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InternalTokenTest {

    @Test
    void matchesOnlyTheExactSecret() {
        InternalToken token = new InternalToken("s3cret");
        assertThat(token.matches("s3cret")).isTrue();
        assertThat(token.matches("s3cre")).isFalse();
        assertThat(token.matches("s3cret ")).isFalse();
        assertThat(token.matches("S3CRET")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void anEmptySecretMatchesNothingSoInternalEndpointsStayClosed() {
        for (InternalToken none :
                new InternalToken[] {new InternalToken(""), new InternalToken(null)}) {
            assertThat(none.configured()).isFalse();
            assertThat(none.matches("")).isFalse();
            assertThat(none.matches(null)).isFalse();
        }
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(new InternalToken("s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void routesJoinABaseUrlWithOrWithoutTrailingSlashes() {
        assertThat(InternalRoutes.at("http://edge:4100", InternalRoutes.EDGE_WARM))
                .isEqualTo("http://edge:4100/internal/warm");
        assertThat(InternalRoutes.at("http://api:4000//", InternalRoutes.EDGE_HEARTBEAT))
                .isEqualTo("http://api:4000/internal/edges/heartbeat");
    }
}
