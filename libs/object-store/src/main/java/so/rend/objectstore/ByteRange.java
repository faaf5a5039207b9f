package so.rend.objectstore;

/**
 * An inclusive byte range of an object, as in an HTTP {@code Range} header.
 *
 * @param first the first byte
 * @param last the last byte, or {@code -1} for "to the end"
 */
public record ByteRange(long first, long last) {

    public ByteRange {
        if (first < 0 || (last != -1 && last < first)) {
            throw new IllegalArgumentException("bad byte range " + first + "-" + last);
        }
    }

    public static ByteRange from(long first) {
        return new ByteRange(first, -1);
    }

    String toHeader() {
        return "bytes=" + first + "-" + (last == -1 ? "" : Long.toString(last));
    }
}
