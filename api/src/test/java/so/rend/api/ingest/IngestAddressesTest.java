package so.rend.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import so.rend.api.errors.ApiError;
import so.rend.api.outbound.OutboundAddresses;

/** The ingest guard on every spelling of an internal address, with a resolver of its own. */
class IngestAddressesTest {

    private static final Map<String, String[]> DNS =
            Map.of(
                    "localhost", new String[] {"127.0.0.1", "::1"},
                    "public.example", new String[] {"93.184.215.14"},
                    "mixed.example", new String[] {"93.184.215.14", "10.1.2.3"},
                    "metadata.example", new String[] {"169.254.169.254"},
                    "media.internal", new String[] {"10.0.0.5"},
                    "v6.example", new String[] {"2606:2800:21f:cb07:6820:80da:af6b:8b2c"});

    private static final OutboundAddresses.Resolver RESOLVER =
            host -> {
                String[] names = DNS.get(host);
                if (names == null) {
                    throw new UnknownHostException(host);
                }
                InetAddress[] out = new InetAddress[names.length];
                for (int i = 0; i < names.length; i++) {
                    out[i] = InetAddress.getByName(names[i]);
                }
                return out;
            };

    private final OutboundAddresses guard =
            new OutboundAddresses(Set.of(), RESOLVER, UrlIngest.REFUSALS);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/",
                "http://127.0.0.1:8080/v.mp4",
                "http://127.1/",
                "http://127.0.0.1./",
                "http://2130706433/",
                "http://0x7f000001/",
                "http://0x7f.1/",
                "http://0177.0.0.1/",
                "http://0177.1/",
                "http://017700000001/",
                "http://0x7F.0.0.1/",
                "http://0/",
                "http://0.0.0.0/",
                "http://10.0.0.1/",
                "http://10.255.255.255/",
                "http://172.16.0.1/",
                "http://172.31.255.255/",
                "http://192.168.1.1/",
                "http://169.254.169.254/latest/meta-data/",
                "http://169.254.0.1/",
                "http://2852039166/",
                "http://0xa9.0xfe.0xa9.0xfe/",
                "http://100.64.0.1/",
                "http://100.127.255.255/",
                "http://224.0.0.1/",
                "http://239.255.255.250/",
                "http://255.255.255.255/",
                "http://240.0.0.1/",
                "http://[::1]/",
                "http://[0:0:0:0:0:0:0:1]/",
                "http://[::]/",
                "http://[::ffff:127.0.0.1]/",
                "http://[::ffff:7f00:1]/",
                "http://[::ffff:a9fe:a9fe]/",
                "http://[::ffff:10.0.0.1]/",
                "http://[::127.0.0.1]/",
                "http://[::a9fe:a9fe]/",
                "http://[64:ff9b::7f00:1]/",
                "http://[64:ff9b::a9fe:a9fe]/",
                "http://[2002:7f00:1::]/",
                "http://[2002:a9fe:a9fe::1]/",
                "http://[fc00::1]/",
                "http://[fd12:3456::1]/",
                "http://[fe80::1]/",
                "http://[febf::1]/",
                "http://[ff02::1]/",
                "http://[fd00:ec2::254]/",
                "http://localhost/",
                "HTTP://LOCALHOST:80/",
                "http://localhost./",
                "http://metadata.example/",
                "http://mixed.example/",
                "https://127.0.0.1/",
            })
    void refusesEverySpellingOfAnInternalAddress(String url) {
        assertThatThrownBy(() -> guard.check(url))
                .isInstanceOf(ApiError.class)
                .extracting(e -> ((ApiError) e).code())
                .isEqualTo("ingest_url_forbidden");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not a url",
                "/relative/path.mp4",
                "ftp://public.example/v.mp4",
                "file:///etc/passwd",
                "gopher://public.example/",
                "javascript:alert(1)",
                "http://user:secret@public.example/",
                "http://public.example@127.0.0.1/",
                "http:///v.mp4",
                "http://1.2.3.256/",
                "http://1.2.3.4.5/",
                "http://4294967296/",
                "http://0x100.1/",
                "http://08.0.0.1/",
                "http://[fe80::1%25eth0]/",
                "http://nowhere.invalid/",
                "http://public.example:0/",
                "http://public.example:65536/",
                "http://public.example:port/",
            })
    void refusesWhatIsNoFetchableUrl(String url) {
        assertThatThrownBy(() -> guard.check(url))
                .isInstanceOf(ApiError.class)
                .extracting(e -> ((ApiError) e).code())
                .isEqualTo("ingest_url_invalid");
    }

    @Test
    void refusesOverlongUrls() {
        assertThatThrownBy(() -> guard.check("https://public.example/" + "a".repeat(2100)))
                .extracting(e -> ((ApiError) e).code())
                .isEqualTo("ingest_url_invalid");
    }

    @Test
    void publicAddressesAreFetchedAtTheAddressThatWasChecked() throws Exception {
        OutboundAddresses.Target target = guard.check("https://public.example/a/b.mp4?x=1");
        assertThat(target.address()).isEqualTo(InetAddress.getByName("93.184.215.14"));
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.https()).isTrue();
        assertThat(target.pathAndQuery()).isEqualTo("/a/b.mp4?x=1");
        assertThat(target.hostHeader()).isEqualTo("public.example");

        assertThat(guard.check("http://8.8.8.8:8080").hostHeader()).isEqualTo("8.8.8.8:8080");
        assertThat(guard.check("http://8.8.8.8:8080").pathAndQuery()).isEqualTo("/");
        // An odd spelling of a public address is that address.
        assertThat(guard.check("http://0x08080808/").address())
                .isEqualTo(InetAddress.getByName("8.8.8.8"));
        assertThat(guard.check("http://172.32.0.1/").address())
                .isEqualTo(InetAddress.getByName("172.32.0.1"));
        assertThat(guard.check("http://100.128.0.1/").address())
                .isEqualTo(InetAddress.getByName("100.128.0.1"));
        assertThat(guard.check("http://v6.example/").address().getHostAddress())
                .startsWith("2606:2800");
        assertThat(guard.check("http://[2606:4700::1111]/").hostHeader())
                .isEqualTo("[2606:4700::1111]");
    }

    @Test
    void hostsNamedInTheAllowListAreFetchedWhereverTheyPoint() {
        OutboundAddresses allowing =
                new OutboundAddresses(
                        OutboundAddresses.parseHosts(" 127.0.0.1 , Media.Internal,,"),
                        RESOLVER,
                        UrlIngest.REFUSALS);
        assertThat(allowing.check("http://127.0.0.1:9000/v.mp4").address().getHostAddress())
                .isEqualTo("127.0.0.1");
        assertThat(allowing.check("http://media.internal/v.mp4").address().getHostAddress())
                .isEqualTo("10.0.0.5");
        // Only the host named: another spelling of it, or another internal host, is not allowed.
        for (String url :
                new String[] {
                    "http://2130706433/", "http://localhost/", "http://169.254.169.254/"
                }) {
            assertThatThrownBy(() -> allowing.check(url))
                    .extracting(e -> ((ApiError) e).code())
                    .isEqualTo("ingest_url_forbidden");
        }
    }
}
