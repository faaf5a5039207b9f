package so.rend.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import so.rend.api.errors.ApiError;

/** What counts as "the same request" under a key, and which keys are keys. */
class RequestFingerprintTest {

    private static final byte[] A = new byte[32];
    private static final byte[] B = new byte[32];

    static {
        B[31] = 1;
    }

    @Test
    void sameRouteTypeLengthAndDigestMatchAndAnyDifferenceDoesNot() {
        RequestFingerprint stored = new RequestFingerprint("POST /v1/videos", "video/mp4", 10, A);
        assertThat(stored.mayMatch(new RequestFingerprint("POST /v1/videos", "video/mp4", 10, A)))
                .isTrue();
        assertThat(stored.mayMatch(new RequestFingerprint("POST /v1/videos", "video/mp4", 10, B)))
                .isFalse();
        assertThat(stored.mayMatch(new RequestFingerprint("POST /v1/videos", "video/mp4", 11, A)))
                .isFalse();
        assertThat(stored.mayMatch(new RequestFingerprint("POST /v1/videos", "video/webm", 10, A)))
                .isFalse();
        assertThat(stored.mayMatch(new RequestFingerprint("POST /v1/other", "video/mp4", 10, A)))
                .isFalse();
    }

    @Test
    void whatIsNotKnownYetDoesNotDecide() {
        RequestFingerprint stored = new RequestFingerprint("POST /v1/videos", "video/mp4", 10, A);
        // A chunked head (-1) before its body is read.
        assertThat(stored.mayMatch(RequestFingerprint.head("POST /v1/videos", "video/mp4", -1)))
                .isTrue();
        assertThat(stored.mayMatch(RequestFingerprint.head("POST /v1/videos", "video/mp4", 9)))
                .isFalse();
        assertThat(
                        RequestFingerprint.head("POST /v1/videos", null, -1)
                                .mayMatch(RequestFingerprint.head("POST /v1/videos", "", -1)))
                .isTrue();
    }

    @Test
    void keysAreOneTo255VisibleAsciiCharactersSentOnce() {
        assertThat(IdempotencyKey.fromHeader(null)).isNull();
        assertThat(IdempotencyKey.fromHeader(List.of("k".repeat(255))).value()).hasSize(255);
        assertThat(IdempotencyKey.fromHeader(List.of("!~")).value()).isEqualTo("!~");
        for (String bad :
                List.of("", " ", "k".repeat(256), "a b", "caf\u00e9", "a\u0000", "\u0430")) {
            assertThatThrownBy(() -> IdempotencyKey.fromHeader(List.of(bad)))
                    .isInstanceOf(ApiError.class)
                    .extracting(e -> ((ApiError) e).code())
                    .isEqualTo("idempotency_key_invalid");
        }
        assertThatThrownBy(() -> IdempotencyKey.fromHeader(List.of("a", "b")))
                .extracting(e -> ((ApiError) e).code())
                .isEqualTo("idempotency_key_invalid");
        // Never the key itself in logs.
        assertThat(new IdempotencyKey("secret-ish").toString()).doesNotContain("secret");
    }
}
