package so.rend.internalhttp;

/**
 * Which raw request paths Rend accepts: exactly one spelling per route. Filters, token checks and
 * the router must all see the same path; a path that decodes or normalizes to something else (an
 * encoded letter, an encoded or doubled slash, a dot segment, a {@code ;} parameter, a backslash)
 * could pass a check on one spelling and be routed as another. Rend's own paths are ids, UUIDs,
 * tokens and fixed words, so none of them ever needs percent-encoding: any {@code %} is refused,
 * which rules out double and non-canonical encoding along with the rest.
 */
public final class CanonicalPaths {

    private CanonicalPaths() {}

    /** Why {@code rawPath} is refused, or {@code null} when it is canonical. */
    public static String problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "a path must start with /";
        }
        if (rawPath.length() == 1) {
            return null;
        }
        int segmentStart = 1;
        for (int i = 1; i <= rawPath.length(); i++) {
            char c = i < rawPath.length() ? rawPath.charAt(i) : '/';
            if (c == '/') {
                String segment = rawPath.substring(segmentStart, i);
                if (segment.isEmpty()) {
                    return "empty path segments (// or a trailing /) are not allowed";
                }
                if (segment.equals(".") || segment.equals("..")) {
                    return "dot segments are not allowed";
                }
                segmentStart = i + 1;
            } else if (c == '%') {
                return "percent-encoding is not allowed in paths";
            } else if (c == ';') {
                return "path parameters (;) are not allowed";
            } else if (!allowed(c)) {
                return "the path has a character outside [A-Za-z0-9-._~!$&'()*+,=:@/]";
            }
        }
        return null;
    }

    public static boolean isCanonical(String rawPath) {
        return problem(rawPath) == null;
    }

    /** RFC 3986 pchar without pct-encoded and without {@code ;}. */
    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,=:@".indexOf(c) >= 0;
    }
}
