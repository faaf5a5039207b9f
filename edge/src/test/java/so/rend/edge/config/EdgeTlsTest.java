package so.rend.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EdgeTlsTest {

    @Test
    void blankFilesLeaveTheViewersListenerOnPlainHttp() {
        assertThat(EdgeTls.serverSettings("", "")).isEmpty();
        assertThat(EdgeTls.serverSettings(null, " ")).isEmpty();
    }

    @Test
    void namedFilesBecomeAReloadingKeyCheckedBundleServedWithHttp2() {
        assertThat(
                        EdgeTls.serverSettings(
                                "/etc/rend-edge/tls/tls.crt", "/etc/rend-edge/tls/tls.key"))
                .containsEntry(
                        "spring.ssl.bundle.pem.rend-edge-tls.keystore.certificate",
                        "/etc/rend-edge/tls/tls.crt")
                .containsEntry(
                        "spring.ssl.bundle.pem.rend-edge-tls.keystore.private-key",
                        "/etc/rend-edge/tls/tls.key")
                .containsEntry("spring.ssl.bundle.pem.rend-edge-tls.keystore.verify-keys", "true")
                .containsEntry("spring.ssl.bundle.pem.rend-edge-tls.reload-on-update", "true")
                .containsEntry("server.ssl.bundle", "rend-edge-tls")
                .containsEntry("server.http2.enabled", "true");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefusedAtStartUp() {
        assertThatThrownBy(() -> EdgeTls.serverSettings("/tls/tls.crt", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REND_EDGE_TLS_KEY_FILE");
    }
}
