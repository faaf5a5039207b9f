package so.rend.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import so.rend.api.errors.ApiErrorCode;
import so.rend.assetevents.AssetEventType;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The spec's closed sets are the code's: every API error code and every lifecycle event type, no
 * more and no fewer, so a new code cannot ship undocumented.
 */
class OpenApiSpecTest {

    private static final JsonNode SPEC = read();

    @Test
    void theErrorCodesAreApiErrorCode() {
        Set<String> inCode = new TreeSet<>();
        Arrays.stream(ApiErrorCode.values()).forEach(c -> inCode.add(c.code()));
        assertThat(enumOf("ErrorCode")).isEqualTo(inCode);
    }

    @Test
    void theEventTypesAreAssetEventType() {
        Set<String> inCode = new TreeSet<>();
        Arrays.stream(AssetEventType.values()).forEach(t -> inCode.add(t.wireName()));
        assertThat(enumOf("EventType")).isEqualTo(inCode);
    }

    private static Set<String> enumOf(String schema) {
        Set<String> values = new TreeSet<>();
        SPEC.path("components")
                .path("schemas")
                .path(schema)
                .path("enum")
                .forEach(v -> values.add(v.asString()));
        assertThat(values).as(schema).isNotEmpty();
        return values;
    }

    private static JsonNode read() {
        try {
            return new YAMLMapper().readTree(Files.readAllBytes(Path.of("openapi/rend.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
