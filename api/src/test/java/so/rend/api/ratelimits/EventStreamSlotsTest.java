package so.rend.api.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class EventStreamSlotsTest {

    @Test
    void anAccountHoldsAtMostItsSlotsAndAGivenBackSlotIsFreeAgain() {
        EventStreamSlots slots = new EventStreamSlots(2);
        UUID account = UUID.randomUUID();
        assertThat(slots.tryTake(account)).isTrue();
        assertThat(slots.tryTake(account)).isTrue();
        assertThat(slots.tryTake(account)).isFalse();
        assertThat(slots.tryTake(UUID.randomUUID())).isTrue();
        slots.giveBack(account);
        assertThat(slots.tryTake(account)).isTrue();
        assertThat(slots.total()).isEqualTo(3);
    }

    @Test
    void anAccountWithNoOpenStreamKeepsNoEntry() {
        EventStreamSlots slots = new EventStreamSlots(5);
        UUID account = UUID.randomUUID();
        slots.tryTake(account);
        slots.giveBack(account);
        assertThat(slots.open(account)).isZero();
        assertThat(slots.total()).isZero();
    }

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
    }
}
