package so.rend.api.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class RouteClassTest {

    @Test
    void routesFallIntoTheirClasses() {
        assertThat(RouteClass.of(HttpMethod.POST, "/v1/videos")).isEqualTo(RouteClass.CREATES);
        assertThat(RouteClass.of(HttpMethod.DELETE, "/v1/assets/x")).isEqualTo(RouteClass.CREATES);
        assertThat(RouteClass.of(HttpMethod.GET, "/v1/assets/x/playback"))
                .isEqualTo(RouteClass.PLAYBACK);
        assertThat(RouteClass.of(HttpMethod.GET, "/v1/events")).isEqualTo(RouteClass.EVENT_STREAMS);
        assertThat(RouteClass.of(HttpMethod.GET, "/v1/assets/x/events"))
                .isEqualTo(RouteClass.READS);
        assertThat(RouteClass.of(HttpMethod.GET, "/v1/assets")).isEqualTo(RouteClass.READS);
        assertThat(RouteClass.of(HttpMethod.GET, "/v1/assets/x/analytics/playback"))
                .isEqualTo(RouteClass.READS);
        assertThat(RouteClass.of(HttpMethod.GET, "/v1/analytics/playback"))
                .isEqualTo(RouteClass.READS);
    }
}
