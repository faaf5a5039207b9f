package so.rend.edge.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EdgeErrorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyErrorIsSerializedOnceInTheOneShapeWithItsCodeAndMessage() {
        for (EdgeError error : EdgeError.values()) {
            ErrorBody body = error.body();
            assertThat(error.body()).as(error.name()).isSameAs(body);
            JsonNode json = JSON.readTree(bytes(body.byteBuf()));
            assertThat(json.propertyNames()).containsExactly("error");
            assertThat(json.path("error").path("code").asString()).isEqualTo(error.code());
            assertThat(json.path("error").path("message").asString()).isEqualTo(error.message());
            assertThat(body.status()).isBetween(400, 599);
        }
        assertThat(Arrays.stream(EdgeError.values()).map(EdgeError::code)).doesNotHaveDuplicates();
    }

    @Test
    void keepsTheCodesTheEdgeHasAlwaysAnsweredWith() {
        assertThat(EdgeError.TOKEN_INVALID.status()).isEqualTo(403);
        assertThat(EdgeError.TOKEN_EXPIRED.status()).isEqualTo(403);
        assertThat(EdgeError.ASSET_DELETED.status()).isEqualTo(410);
        assertThat(EdgeError.ARTIFACT_NOT_FOUND.status()).isEqualTo(404);
        assertThat(EdgeError.RANGE_NOT_SATISFIABLE.status()).isEqualTo(416);
        assertThat(EdgeError.EDGE_BUSY.status()).isEqualTo(503);
        assertThat(EdgeError.ORIGIN_UNAVAILABLE.status()).isEqualTo(502);
        assertThat(EdgeError.ORIGIN_TIMEOUT.status()).isEqualTo(504);
        assertThat(EdgeError.UNAUTHORIZED.body().message()).contains("x-rend-internal-token");
        assertThat(new String(bytes(EdgeError.EDGE_BUSY.body().byteBuf()), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"error\":{\"code\":\"edge_busy\",\"message\":\"too many artifacts are"
                                + " being fetched from origin; retry shortly\"}}");
    }

    @Test
    void aSharedBodyServesAnyNumberOfResponsesAndCannotBeWrittenOrReleased() {
        ErrorBody body = EdgeError.TOKEN_EXPIRED.body();
        byte[] first = bytes(body.byteBuf());
        for (int i = 0; i < 3; i++) {
            ByteBuf view = body.byteBuf();
            assertThat(view.isReadOnly()).isTrue();
            assertThat(view.release()).isFalse();
            assertThat(bytes(view)).isEqualTo(first);
        }
        DataBuffer webflux = body.dataBuffer(DefaultDataBufferFactory.sharedInstance);
        byte[] copy = new byte[webflux.readableByteCount()];
        webflux.read(copy);
        assertThat(copy).isEqualTo(first);
        assertThat(bytes(body.byteBuf())).isEqualTo(first);
    }

    @Test
    void aMessageWithQuotesIsEscaped() {
        ErrorBody body = EdgeError.INVALID_REQUEST.body("say \"hi\" \\ bye");
        JsonNode json = JSON.readTree(bytes(body.byteBuf()));
        assertThat(json.path("error").path("message").asString()).isEqualTo("say \"hi\" \\ bye");
        assertThat(json.path("error").path("code").asString()).isEqualTo("invalid_request");
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }
}
