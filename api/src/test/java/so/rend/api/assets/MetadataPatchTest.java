package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import so.rend.api.assets.AssetMetadata.Field;
import so.rend.api.errors.ApiError;

class MetadataPatchTest {

    @Test
    void absentKeepsNullClearsAndValuesReplace() {
        MetadataPatch patch =
                MetadataPatch.parse(
                        "{\"title\":\"Café ☕ 🎬\",\"external_id\":null,\"tags\":null}", "body");

        assertThat(patch.fields()).containsExactly(Field.TITLE, Field.EXTERNAL_ID, Field.TAGS);
        assertThat(patch.value(Field.TITLE)).isEqualTo("Café ☕ 🎬");
        assertThat(patch.value(Field.EXTERNAL_ID)).isNull();
        assertThat(patch.value(Field.TAGS)).isEqualTo(List.of());
        assertThat(patch.fields()).doesNotContain(Field.CREATOR_ID, Field.PASSTHROUGH);
    }

    @Test
    void boundsCountCharactersNotBytesOrUtf16Units() {
        String emoji512 = "🎬".repeat(512); // 1024 UTF-16 units, 2048 bytes
        assertThat(MetadataPatch.parse(json("title", emoji512), "b").value(Field.TITLE))
                .isEqualTo(emoji512);
        assertRefused(json("title", "x".repeat(513)), "title: at most 512 characters");
        assertRefused(json("external_id", "x".repeat(129)), "external_id: at most 128");
        assertRefused(json("creator_id", "x".repeat(129)), "creator_id: at most 128");
        assertRefused(json("passthrough", "x".repeat(256)), "passthrough: at most 255");
        assertThat(MetadataPatch.parse(json("passthrough", "x".repeat(255)), "b").isEmpty())
                .isFalse();
    }

    @Test
    void refusesControlCharactersSurrogatesAndInvisibleFormattingInIds() {
        assertRefused("{\"title\":\"a\\u0000b\"}", "U+0000");
        assertRefused("{\"title\":\"line\\nbreak\"}", "U+000A");
        assertRefused("{\"passthrough\":\"\\u001b[31m\"}", "U+001B");
        assertRefused("{\"title\":\"\\u0085\"}", "U+0085");
        assertRefused("{\"title\":\"a\\u2028b\"}", "U+2028");
        assertRefused("{\"title\":\"\\ud800\"}", "U+D800");
        assertRefused("{\"external_id\":\"abc\\u202egpj.exe\"}", "U+202E");
        assertRefused("{\"tags\":[\"zero\\u200bwidth\"]}", "U+200B");
        assertRefused("{\"creator_id\":\" padded\"}", "whitespace");
        assertRefused("{\"tags\":[\"ok\",\"trailing \"]}", "whitespace");
        // A title may carry a right-to-left mark: real titles do.
        assertThat(MetadataPatch.parse("{\"title\":\"\\u200fשלום\"}", "b").isEmpty()).isFalse();
    }

    @Test
    void sqlLookingValuesAreJustText() {
        String sqlish = "x' OR '1'='1; DROP TABLE rend.assets; --";
        assertThat(MetadataPatch.parse(json("external_id", sqlish), "b").value(Field.EXTERNAL_ID))
                .isEqualTo(sqlish);
    }

    @Test
    void tagsAreBoundedDedupedAndStrings() {
        MetadataPatch patch = MetadataPatch.parse("{\"tags\":[\"b\",\"a\",\"b\",\"A\"]}", "b");
        assertThat(patch.value(Field.TAGS)).isEqualTo(List.of("b", "a", "A"));

        String twentyOne = "[" + String.join(",", Collections.nCopies(21, "\"t\"")) + "]";
        assertRefused("{\"tags\":" + twentyOne + "}", "tags: at most 20 tags");
        assertRefused("{\"tags\":[\"" + "t".repeat(65) + "\"]}", "tags: at most 64");
        assertRefused("{\"tags\":[1]}", "every tag is a string");
        assertRefused("{\"tags\":[null]}", "every tag is a string");
        assertRefused("{\"tags\":\"one\"}", "must be an array");
        assertRefused("{\"tags\":[\"\"]}", "must not be empty");
    }

    @Test
    void refusesUnknownFieldsWrongTypesAndEmptyStrings() {
        assertRefused("{\"externalId\":\"x\"}", "externalId: unknown field");
        assertRefused("{\"title\":42}", "title: must be a string or null");
        assertRefused("{\"title\":{\"a\":1}}", "title: must be a string or null");
        assertRefused("{\"title\":\"\"}", "title: must not be empty");
        assertThat(MetadataPatch.parse("{}", "b").isEmpty()).isTrue();
    }

    @Test
    void refusesWhatIsNotOneJsonObject() {
        for (String body :
                List.of("[]", "\"title\"", "null", "{", "{\"title\":\"a\",\"title\":\"b\"}")) {
            assertThatThrownBy(() -> MetadataPatch.parse(body, "the body"))
                    .isInstanceOfSatisfying(
                            ApiError.class, e -> assertThat(e.code()).isEqualTo("invalid_json"));
        }
        byte[] badUtf8 = {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThatThrownBy(() -> MetadataPatch.parse(badUtf8, "the body"))
                .isInstanceOfSatisfying(
                        ApiError.class, e -> assertThat(e.code()).isEqualTo("invalid_json"));
    }

    @Test
    void theUploadHeaderIsOneLineOfPrintableAscii() {
        assertThat(MetadataPatch.fromHeader(null)).isEqualTo(MetadataPatch.EMPTY);
        AssetMetadata created =
                MetadataPatch.fromHeader(List.of("{\"title\":\"Caf\\u00e9\",\"tags\":[\"x\"]}"))
                        .asCreated();
        assertThat(created.title()).isEqualTo("Café");
        assertThat(created.tags()).containsExactly("x");
        assertThat(created.externalId()).isNull();

        assertHeaderRefused(List.of("{\"title\":\"Café\"}"), "printable ASCII");
        assertHeaderRefused(List.of("{}", "{}"), "once");
        assertHeaderRefused(List.of("{\"title\":\"" + "x".repeat(600) + "\"}"), "at most 512");
    }

    private static String json(String field, String value) {
        return "{\"" + field + "\":\"" + value + "\"}";
    }

    private static void assertRefused(String body, String message) {
        assertThatThrownBy(() -> MetadataPatch.parse(body, "the body"))
                .isInstanceOfSatisfying(
                        ApiError.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("invalid_parameter");
                            assertThat(e.getMessage()).contains(message);
                        });
    }

    private static void assertHeaderRefused(List<String> values, String message) {
        assertThatThrownBy(() -> MetadataPatch.fromHeader(values))
                .isInstanceOfSatisfying(
                        ApiError.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("invalid_parameter");
                            assertThat(e.getMessage()).contains(message);
                        });
    }
}
