package so.rend.edge.playback;

/**
 * One byte range as asked in a {@code Range} header: {@code bytes=a-b}, {@code bytes=a-} or {@code
 * bytes=-n}. Several ranges, other units and malformed headers are ignored (the whole object is
 * served), as RFC 9110 allows.
 */
public record ByteRangeSpec(long first, long last, long suffix) {

    /** A range resolved against an object's length: bytes {@code first..last} inclusive. */
    public record Resolved(long first, long last) {

        public long length() {
            return last - first + 1;
        }
    }

    /** The range of a header, or {@code null} for "serve it whole". */
    public static ByteRangeSpec parse(String header) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                return suffix > 0 ? new ByteRangeSpec(-1, -1, suffix) : null;
            }
            long first = Long.parseLong(spec.substring(0, dash));
            String lastText = spec.substring(dash + 1);
            long last = lastText.isEmpty() ? -1 : Long.parseLong(lastText);
            if (first < 0 || (last != -1 && last < first)) {
                return null;
            }
            return new ByteRangeSpec(first, last, -1);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The bytes to send of an object of {@code length}, or {@code null} when unsatisfiable (416).
     */
    public Resolved resolve(long length) {
        if (length == 0) {
            return null;
        }
        if (suffix > 0) {
            return new Resolved(Math.max(0, length - suffix), length - 1);
        }
        if (first >= length) {
            return null;
        }
        return new Resolved(first, last == -1 ? length - 1 : Math.min(last, length - 1));
    }
}
