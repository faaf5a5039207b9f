package so.rend.api.idempotency;

import java.util.List;
import so.rend.api.errors.ApiErrorCode;

/**
 * A client's {@code Idempotency-Key}: 1 to 255 visible ASCII characters. Bounded so a key costs a
 * small, fixed amount of storage and index, and ASCII so two spellings of one Unicode string can
 * never be two keys (or one); a UUID or a ULID fits with room to spare.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (!wellFormed(value)) {
            throw ApiErrorCode.IDEMPOTENCY_KEY_INVALID.error();
        }
    }

    /**
     * The key a request sent, {@code null} when it sent none; a refusal ({@code
     * idempotency_key_invalid}) when it sent an empty, overlong or non-ASCII key, or more than one.
     */
    public static IdempotencyKey fromHeader(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiErrorCode.IDEMPOTENCY_KEY_INVALID.error(
                    "send one Idempotency-Key, not several");
        }
        return new IdempotencyKey(values.get(0));
    }

    /** Whether {@code value} is a key this API takes. */
    public static boolean wellFormed(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        // Keys are the client's; they stay out of logs like other request secrets might not.
        return "IdempotencyKey[" + value.length() + " chars]";
    }
}
