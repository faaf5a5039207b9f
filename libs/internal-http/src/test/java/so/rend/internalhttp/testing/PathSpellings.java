package so.rend.internalhttp.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Other spellings of a route's path, the class of tricks that make a filter and a router disagree:
 * percent-encoded letters (either hex case), double encoding, encoded and doubled slashes, dot
 * segments, {@code ;} parameters, backslashes, case changes, trailing slashes — one to three of
 * them at once, at random places. Shared by every process's test of its listeners.
 */
public final class PathSpellings {

    private enum Trick {
        ENCODE_LETTER,
        ENCODE_LETTER_LOWER_HEX,
        DOUBLE_ENCODE,
        ENCODE_SLASH,
        DOUBLE_SLASH,
        DOT_SEGMENT,
        DOT_DOT_SEGMENT,
        ENCODED_DOT_SEGMENT,
        MATRIX_PARAMETER,
        EMPTY_MATRIX_PARAMETER,
        BACKSLASH,
        UPPER_CASE,
        TRAILING_SLASH,
        LEADING_DOUBLE_SLASH
    }

    private PathSpellings() {}

    /** Spellings of {@code path} that differ from it, one to three tricks each. */
    public static Arbitrary<String> of(String path) {
        Arbitrary<Trick> trick = Arbitraries.of(Trick.class);
        Arbitrary<Integer> seed = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Combinators.combine(trick.list().ofMinSize(1).ofMaxSize(3), seed.list().ofSize(3))
                .as(
                        (tricks, seeds) -> {
                            String spelled = path;
                            for (int i = 0; i < tricks.size(); i++) {
                                spelled = apply(tricks.get(i), spelled, seeds.get(i));
                            }
                            return spelled;
                        })
                .filter(spelled -> !spelled.equals(path));
    }

    /** The two spellings the security review used, for explicit regression tests. */
    public static List<String> reviewed(String path) {
        return List.of(path.replaceFirst("/i", "/%69"), path.replaceFirst("(/[^/]+)/", "$1;x=1/"));
    }

    private static String apply(Trick trick, String path, int seed) {
        int slash = slashAt(path, seed);
        return switch (trick) {
            case ENCODE_LETTER -> encodeLetter(path, seed, "%%%02X");
            case ENCODE_LETTER_LOWER_HEX -> encodeLetter(path, seed, "%%%02x");
            case DOUBLE_ENCODE -> encodeLetter(path, seed, "%%25%02X");
            case ENCODE_SLASH ->
                    slash == 0
                            ? path
                            : path.substring(0, slash) + "%2F" + path.substring(slash + 1);
            case DOUBLE_SLASH -> path.substring(0, slash) + "/" + path.substring(slash);
            case DOT_SEGMENT -> path.substring(0, slash) + "/." + path.substring(slash);
            case DOT_DOT_SEGMENT -> path.substring(0, slash) + "/x/.." + path.substring(slash);
            case ENCODED_DOT_SEGMENT -> path.substring(0, slash) + "/%2e" + path.substring(slash);
            case MATRIX_PARAMETER -> insertBeforeSlashOrEnd(path, slash, ";x=1");
            case EMPTY_MATRIX_PARAMETER -> insertBeforeSlashOrEnd(path, slash, ";");
            case BACKSLASH ->
                    slash == 0 ? path : path.substring(0, slash) + "\\" + path.substring(slash + 1);
            case UPPER_CASE -> path.toUpperCase(Locale.ROOT);
            case TRAILING_SLASH -> path + "/";
            case LEADING_DOUBLE_SLASH -> "/" + path;
        };
    }

    private static int slashAt(String path, int seed) {
        int count = 0;
        for (char c : path.toCharArray()) {
            count += c == '/' ? 1 : 0;
        }
        int wanted = seed % Math.max(1, count);
        for (int i = 0, seen = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/' && seen++ == wanted) {
                return i;
            }
        }
        return 0;
    }

    private static String insertBeforeSlashOrEnd(String path, int slash, String insert) {
        int next = path.indexOf('/', slash + 1);
        int at = next < 0 ? path.length() : next;
        return path.substring(0, at) + insert + path.substring(at);
    }

    private static String encodeLetter(String path, int seed, String format) {
        int letters = 0;
        for (char c : path.toCharArray()) {
            letters += Character.isLetterOrDigit(c) ? 1 : 0;
        }
        if (letters == 0) {
            return path;
        }
        int wanted = seed % letters;
        StringBuilder out = new StringBuilder();
        for (int i = 0, seen = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isLetterOrDigit(c) && seen++ == wanted) {
                byte b = String.valueOf(c).getBytes(StandardCharsets.US_ASCII)[0];
                out.append(String.format(Locale.ROOT, format, b));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
