package so.rend.edgeprotocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallbackTargetsTest {

    private final CallbackTargets defaults = CallbackTargets.parse("");

    @Test
    void privateAndLoopbackAddressesAreAllowedByDefault() {
        for (String url :
                new String[] {
                    "http://127.0.0.1:4101",
                    "http://10.1.2.3:4101/",
                    "https://172.16.0.9:4101",
                    "http://172.31.255.255:4101",
                    "http://192.168.1.20:4101",
                    "http://100.64.0.1:4101",
                    "http://[::1]:4101",
                    "http://[fd00:1::5]:4101"
                }) {
            assertThat(defaults.problem(url)).as(url).isNull();
        }
    }

    @Test
    void metadataLinkLocalPublicAndNamedHostsAreRefused() {
        for (String url :
                new String[] {
                    "http://169.254.169.254/latest/meta-data",
                    "http://169.254.0.1:4101",
                    "http://[fe80::1]:4101",
                    "http://[::ffff:169.254.169.254]/",
                    "http://[fd00:ec2::254]/x",
                    "http://8.8.8.8:4101",
                    "http://172.32.0.1:4101",
                    "http://0.0.0.0:4101",
                    "http://localhost:4101",
                    "http://metadata.google.internal/",
                    "http://edge.example.com:4101",
                    "http://user@10.0.0.1:4101",
                    "file:///etc/passwd",
                    "gopher://10.0.0.1/",
                    "not a url"
                }) {
            assertThat(defaults.allows(url)).as(url).isFalse();
        }
    }

    @Test
    void linkLocalStaysRefusedEvenWhenTheSettingNamesIt() {
        CallbackTargets wide = CallbackTargets.parse("0.0.0.0/0,::/0");
        assertThat(wide.allows("http://169.254.169.254/")).isFalse();
        assertThat(wide.allows("http://[fe80::1]/")).isFalse();
        assertThat(wide.allows("http://[fd00:ec2::254]/")).isFalse();
        assertThat(wide.allows("http://8.8.8.8/")).isTrue();
    }

    @Test
    void aNarrowSettingAllowsOnlyItsRanges() {
        CallbackTargets narrow = CallbackTargets.parse("10.20.0.0/16");
        assertThat(narrow.allows("http://10.20.3.4:4101")).isTrue();
        assertThat(narrow.allows("http://10.21.3.4:4101")).isFalse();
        assertThat(narrow.allows("http://127.0.0.1:4101")).isFalse();
    }

    @Test
    void aMalformedSettingFailsAtStart() {
        assertThatThrownBy(() -> CallbackTargets.parse("10.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CallbackTargets.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CallbackTargets.parse("example.com/8"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
