package so.rend.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] BODY =
            "{\"event_id\":\"e\",\"sequence\":7}".getBytes(StandardCharsets.UTF_8);
    private static final long T = 1_800_000_000L;

    @Test
    void aSignatureVerifiesWithItsSecretWithinTheTolerance() {
        String header = WebhookSignature.header(T, BODY, List.of("whsec_a"));
        assertThat(header).matches("t=1800000000,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(header, BODY, "whsec_a", T, 300)).isTrue();
        assertThat(WebhookSignature.verify(header, BODY, "whsec_a", T + 300, 300)).isTrue();
        assertThat(WebhookSignature.verify(header, BODY, "whsec_a", T - 300, 300)).isTrue();
    }

    @Test
    void aTamperedBodyAnotherSecretOrATimeOutside300SecondsFails() {
        String header = WebhookSignature.header(T, BODY, List.of("whsec_a"));
        byte[] tampered = "{\"event_id\":\"e\",\"sequence\":8}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(header, tampered, "whsec_a", T, 300)).isFalse();
        assertThat(WebhookSignature.verify(header, BODY, "whsec_b", T, 300)).isFalse();
        assertThat(WebhookSignature.verify(header, BODY, "whsec_a", T + 301, 300)).isFalse();
        assertThat(WebhookSignature.verify(header, BODY, "whsec_a", T - 301, 300)).isFalse();
        String movedT = header.replace("t=" + T, "t=" + (T + 1));
        assertThat(WebhookSignature.verify(movedT, BODY, "whsec_a", T, 300)).isFalse();
        assertThat(WebhookSignature.verify(null, BODY, "whsec_a", T, 300)).isFalse();
        assertThat(WebhookSignature.verify("t=x,v1=00", BODY, "whsec_a", T, 300)).isFalse();
        assertThat(WebhookSignature.verify("v1=00", BODY, "whsec_a", T, 300)).isFalse();
    }

    @Test
    void duringARotationEitherSecretVerifies() {
        String header = WebhookSignature.header(T, BODY, List.of("whsec_new", "whsec_old"));
        assertThat(header.split(",v1=")).hasSize(3);
        assertThat(WebhookSignature.verify(header, BODY, "whsec_new", T, 300)).isTrue();
        assertThat(WebhookSignature.verify(header, BODY, "whsec_old", T, 300)).isTrue();
        assertThat(WebhookSignature.verify(header, BODY, "whsec_other", T, 300)).isFalse();
    }

    @Test
    void newSecretsAreLongAndDistinct() {
        String a = WebhookSignature.newSecret();
        assertThat(a).startsWith("whsec_").hasSize(6 + 43);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(a);
    }
}
