package so.rend.edge;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests: it issues leaf certificates for the loopback
 * address, and a client context that trusts it and nothing else.
 */
final class TestCertificateAuthority {

    /** A certificate with its private key, as a Secret of type kubernetes.io/tls holds them. */
    record Issued(X509Certificate certificate, PrivateKey key) {

        String certificatePem() {
            return pem("CERTIFICATE", encoded(certificate));
        }

        String keyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
        }

        BigInteger serial() {
            return certificate.getSerialNumber();
        }
    }

    private final Issued root;

    TestCertificateAuthority() {
        KeyPair keys = keyPair();
        X500Name name = new X500Name("CN=Rend test CA");
        this.root =
                new Issued(
                        issue(name, BigInteger.ONE, name, keys, keys.getPrivate()),
                        keys.getPrivate());
    }

    /** A leaf for {@code 127.0.0.1} and {@code localhost} with the given serial number. */
    Issued issueLoopback(long serial) {
        KeyPair keys = keyPair();
        X500Name issuer = new X500Name(root.certificate().getSubjectX500Principal().getName());
        X509Certificate leaf =
                issue(
                        issuer,
                        BigInteger.valueOf(serial),
                        new X500Name("CN=localhost"),
                        keys,
                        root.key());
        return new Issued(leaf, keys.getPrivate());
    }

    /** A client context that trusts this authority only. */
    SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("rend-test-ca", root.certificate());
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate for {@code keys}; a CA certificate when it is self-issued. */
    private static X509Certificate issue(
            X500Name issuer, BigInteger serial, X500Name subject, KeyPair keys, PrivateKey signer) {
        boolean authority = issuer.equals(subject);
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder =
                    new JcaX509v3CertificateBuilder(
                                    issuer,
                                    serial,
                                    Date.from(now.minus(Duration.ofMinutes(5))),
                                    Date.from(now.plus(Duration.ofDays(1))),
                                    subject,
                                    keys.getPublic())
                            .addExtension(
                                    Extension.subjectKeyIdentifier,
                                    false,
                                    new JcaX509ExtensionUtils()
                                            .createSubjectKeyIdentifier(keys.getPublic()))
                            .addExtension(
                                    Extension.basicConstraints,
                                    true,
                                    authority
                                            ? new BasicConstraints(0)
                                            : new BasicConstraints(false));
            if (authority) {
                builder.addExtension(
                        Extension.keyUsage,
                        true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(
                                new GeneralName[] {
                                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                                    new GeneralName(GeneralName.dNSName, "localhost")
                                }));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(
                                    new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body =
                Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
