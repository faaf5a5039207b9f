package so.rend.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.queue.RetryPolicy.Outcome;

class RetryPolicyTest {

    private static final String TIMEOUT = MediaFailure.PROCESS_TIMEOUT;

    @Test
    void aFirstTimeoutIsRetried() {
        assertThat(RetryPolicy.after(job(1, 5, 0), TIMEOUT, true)).isEqualTo(Outcome.RETRY);
    }

    @Test
    void aSecondTimeoutFailsTheJobThoughAttemptsRemain() {
        assertThat(RetryPolicy.after(job(2, 5, 1), TIMEOUT, true)).isEqualTo(Outcome.FAIL);
    }

    @Test
    void otherFailuresBetweenTwoTimeoutsDoNotBuyAThird() {
        // attempt 1 timed out, attempt 2 failed to store, attempt 3 times out again
        assertThat(RetryPolicy.after(job(2, 5, 1), MediaFailure.STORAGE_ERROR, true))
                .isEqualTo(Outcome.RETRY);
        assertThat(RetryPolicy.after(job(3, 5, 1), TIMEOUT, true)).isEqualTo(Outcome.FAIL);
    }

    @Test
    void otherTransientFailuresKeepEveryAttemptAfterATimeout() {
        for (int attempt = 2; attempt < 5; attempt++) {
            assertThat(RetryPolicy.after(job(attempt, 5, 1), MediaFailure.ENCODE_FAILED, true))
                    .isEqualTo(Outcome.RETRY);
        }
        assertThat(RetryPolicy.after(job(5, 5, 1), MediaFailure.ENCODE_FAILED, true))
                .isEqualTo(Outcome.FAIL);
    }

    @Test
    void aTimeoutOnTheLastAttemptFails() {
        assertThat(RetryPolicy.after(job(5, 5, 0), TIMEOUT, true)).isEqualTo(Outcome.FAIL);
    }

    @Test
    void permanentFailuresFailAtOnce() {
        assertThat(RetryPolicy.after(job(1, 5, 0), MediaFailure.SOURCE_TOO_LARGE, false))
                .isEqualTo(Outcome.FAIL);
        assertThat(RetryPolicy.after(job(1, 5, 0), MediaFailure.UNSUPPORTED_CONTAINER, false))
                .isEqualTo(Outcome.FAIL);
    }

    @Test
    void shortScratchSpaceDefersEvenOnTheLastAttempt() {
        assertThat(RetryPolicy.after(job(1, 5, 0), MediaFailure.SCRATCH_SPACE_LOW, true))
                .isEqualTo(Outcome.DEFER);
        assertThat(RetryPolicy.after(job(5, 5, 1), MediaFailure.SCRATCH_SPACE_LOW, true))
                .isEqualTo(Outcome.DEFER);
    }

    private static MediaJob job(int attempt, int maxAttempts, int timeouts) {
        return new MediaJob(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                MediaJob.PROCESS_ASSET,
                attempt,
                maxAttempts,
                "worker",
                0,
                timeouts,
                0);
    }
}
