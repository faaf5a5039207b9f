package so.rend.api.assets;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;

class BodyIdleTimeoutTest {

    private static final Duration IDLE = Duration.ofSeconds(60);

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final TestPublisher<String> body = TestPublisher.create();

    private Flux<String> guarded() {
        return BodyIdleTimeout.guard(
                body.flux(), IDLE, time, () -> new IllegalStateException("idle"));
    }

    @Test
    void failsAndCancelsABodyThatSendsNothingForTheIdlePeriodWhileAskedForBytes() {
        StepVerifier.create(guarded(), 10)
                .then(() -> body.next("a"))
                .expectNext("a")
                .then(() -> advance(Duration.ofSeconds(59)))
                .then(() -> body.next("b"))
                .expectNext("b")
                .then(() -> advance(Duration.ofSeconds(59)))
                .then(() -> body.next("c"))
                .expectNext("c")
                .then(() -> advance(IDLE))
                .expectErrorMessage("idle")
                .verify(Duration.ofSeconds(5));

        body.assertCancelled();
    }

    @Test
    void aBodyThatSendsNothingAtAllTimesOutToo() {
        StepVerifier.create(guarded(), 1)
                .then(() -> advance(IDLE.minusMillis(1)))
                .then(() -> body.assertNotCancelled())
                .then(() -> advance(Duration.ofMillis(1)))
                .expectErrorMessage("idle")
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void timeWhileTheReaderHoldsBackIsNotIdleTime() {
        StepVerifier.create(guarded(), 1)
                .then(() -> body.next("a"))
                .expectNext("a")
                // A part on its way to a slow store: nothing asked for, nothing owed.
                .then(() -> advance(Duration.ofMinutes(10)))
                .thenRequest(1)
                .then(() -> advance(Duration.ofSeconds(59)))
                .then(() -> body.next("b"))
                .expectNext("b")
                .then(() -> advance(Duration.ofMinutes(10)))
                .thenRequest(1)
                .then(() -> advance(IDLE))
                .expectErrorMessage("idle")
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aBodyThatEndsInTimeEndsNormally() {
        StepVerifier.create(guarded(), 10)
                .then(() -> body.next("a"))
                .then(() -> advance(Duration.ofSeconds(30)))
                .then(() -> body.complete())
                .expectNext("a")
                .then(() -> advance(Duration.ofMinutes(5)))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    private void advance(Duration by) {
        time.advanceTimeBy(by);
    }
}
