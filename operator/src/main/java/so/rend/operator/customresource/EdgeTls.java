package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonClassDescription(
        "HTTPS on the edges' public port (HTTP/2 and HTTP/1.1), from a certificate Secret. A renewed"
                + " Secret reaches running edges without a restart.")
public class EdgeTls {
    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription(
            "Secret of type kubernetes.io/tls (keys tls.crt, the chain leaf first, and tls.key) in the"
                    + " region's namespace, e.g. one cert-manager issues for the region's DNS name."
                    + " Mounted read-only into each edge (REND_EDGE_TLS_CERT_FILE,"
                    + " REND_EDGE_TLS_KEY_FILE).")
    public String secretName;

    public EdgeTls() {}

    public EdgeTls(String secretName) {
        this.secretName = secretName;
    }
}
