package so.rend.internalhttp;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CanonicalPathsTest {

    @Test
    void rendsOwnRoutesAreCanonical() {
        for (String path :
                new String[] {
                    "/",
                    "/v1/videos",
                    "/v1/assets/a4c4724f-4099-4ffa-8f45-20c17e7624ae/events",
                    "/internal/edges/node-1.example.com",
                    "/p/k1.1767225600.AbC-_x/a4c4724f-4099-4ffa-8f45-20c17e7624ae/hls/720p/segment_00001.m4s",
                    "/metrics",
                    "/healthz"
                }) {
            assertThat(CanonicalPaths.problem(path)).as(path).isNull();
        }
    }

    @Test
    void everySecondSpellingIsRefused() {
        for (String path :
                new String[] {
                    "/%69nternal/edges",
                    "/internal%2Fedges",
                    "/internal/edges%2f",
                    "/%2569nternal/edges",
                    "/internal;x=1/edges",
                    "/internal/edges;jsessionid=1",
                    "//internal/edges",
                    "/internal//edges",
                    "/internal/edges/",
                    "/./internal/edges",
                    "/x/../internal/edges",
                    "/internal/./edges",
                    "/internal/%2e%2e/edges",
                    "/internal\\edges",
                    "/internal/ edges",
                    "/internal/edges\t",
                    "internal/edges",
                    ""
                }) {
            assertThat(CanonicalPaths.problem(path)).as(path).isNotNull();
        }
    }

    @Property
    void anyPercentSemicolonBackslashOrDotSegmentMakesAPathNonCanonical(
            @ForAll("canonicalPaths") String path,
            @ForAll("ambiguities") String ambiguity,
            @ForAll("positions") double where) {
        int slash = Math.max(1, (int) (where * path.length()));
        String spelled = path.substring(0, slash) + ambiguity + path.substring(slash);
        assertThat(CanonicalPaths.isCanonical(spelled)).as(spelled).isFalse();
    }

    @Provide
    Arbitrary<String> canonicalPaths() {
        Arbitrary<String> segment =
                Arbitraries.strings()
                        .withChars("abcXYZ019-_~.")
                        .ofMinLength(1)
                        .ofMaxLength(8)
                        .filter(s -> !s.equals(".") && !s.equals(".."));
        return segment.list().ofMinSize(1).ofMaxSize(5).map(l -> "/" + String.join("/", l));
    }

    @Provide
    Arbitrary<String> ambiguities() {
        return Arbitraries.of(
                "%69",
                "%2F", "%2f", "%252F", "%2e", ";a=b", ";", "\\", "/./", "/../", "//", "% ", "%",
                "\u0000", "\u00e9", " ");
    }

    @Provide
    Arbitrary<Double> positions() {
        return Arbitraries.doubles().between(0, 1);
    }
}
