package so.rend.playback;

/** What checking a playback token found. Only {@link #VALID} opens anything. */
public enum TokenVerdict {
    VALID,
    MALFORMED,
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    EXPIRED
}
