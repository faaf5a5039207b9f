package so.rend.sdk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The webhook verification helper, offline: a signature made here the way Rend makes it. */
class WebhooksTest {

    private static final byte[] BODY =
            "{\"event_id\":\"e\",\"event_type\":\"asset.created\",\"sequence\":7}"
                    .getBytes(StandardCharsets.UTF_8);
    private static final Instant T = Instant.ofEpochSecond(1_800_000_000L);

    private static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((T.getEpochSecond() + ".").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void aSignatureVerifiesWithItsSecretWithin300Seconds() throws Exception {
        String header = "t=" + T.getEpochSecond() + ",v1=" + sign("whsec_a", BODY);
        assertTrue(Webhooks.verify(BODY, header, "whsec_a", T, Webhooks.TOLERANCE));
        assertTrue(Webhooks.verify(BODY, header, "whsec_a", T.plusSeconds(300), Webhooks.TOLERANCE));
    }

    @Test
    void aTamperedBodyAnotherSecretOrATOutside300SecondsFails() throws Exception {
        String header = "t=" + T.getEpochSecond() + ",v1=" + sign("whsec_a", BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("7", "8").getBytes(StandardCharsets.UTF_8);
        assertFalse(Webhooks.verify(tampered, header, "whsec_a", T, Webhooks.TOLERANCE));
        assertFalse(Webhooks.verify(BODY, header, "whsec_b", T, Webhooks.TOLERANCE));
        assertFalse(Webhooks.verify(BODY, header, "whsec_a", T.plusSeconds(301), Webhooks.TOLERANCE));
        assertFalse(Webhooks.verify(BODY, header, "whsec_a", T.minusSeconds(301), Webhooks.TOLERANCE));
        String movedT = header.replace("t=1800000000", "t=1800000001");
        assertFalse(Webhooks.verify(BODY, movedT, "whsec_a", T, Webhooks.TOLERANCE));
        assertFalse(Webhooks.verify(BODY, null, "whsec_a", T, Webhooks.TOLERANCE));
        assertFalse(Webhooks.verify(BODY, "v1=" + sign("whsec_a", BODY), "whsec_a", T, Webhooks.TOLERANCE));
    }

    @Test
    void duringARotationEitherSecretVerifies() throws Exception {
        String header = "t=" + T.getEpochSecond() + ",v1=" + sign("whsec_new", BODY) + ",v1=" + sign("whsec_old", BODY);
        assertTrue(Webhooks.verify(BODY, header, "whsec_new", T, Webhooks.TOLERANCE));
        assertTrue(Webhooks.verify(BODY, header, "whsec_old", T, Webhooks.TOLERANCE));
        assertFalse(Webhooks.verify(BODY, header, "whsec_other", T, Webhooks.TOLERANCE));
    }
}
