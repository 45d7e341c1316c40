package io.fluxtap.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time with Bouncy Castle: a self-signed CA and certificates it signs, for TLS tests with
 * real clients. Nothing is checked in, so nothing expires in the repository. Keys are EC P-256 (fast to make and
 * taken by the JDK, OpenSSL/curl, Go and the gRPC C-core alike).
 *
 * <p>A {@link Ca} issues {@link Issued} certificates; {@link Issued#writePem} writes {@code cert.pem} (leaf then CA)
 * and {@code key.pem} (PKCS#8) the way {@code fluxtap.tls.cert}/{@code fluxtap.tls.key} read them.
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    /** A new self-signed CA named {@code CN=<name>}, valid from an hour ago for a day. */
    public static Ca ca(String name) {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        try {
            X509v3CertificateBuilder builder = builder(subject, subject, keys, Duration.ofDays(1));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Ca(subject, keys, sign(builder, keys.getPrivate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Duration valid) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(valid)), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    static String pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** A certificate authority for tests. */
    public record Ca(X500Name name, KeyPair keys, X509Certificate certificate) {

        /** A server certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, named {@code CN=<cn>}. */
        public Issued server(String cn) {
            return issue(cn, KeyPurposeId.id_kp_serverAuth, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")}));
        }

        /** A client certificate named {@code CN=<cn>}. */
        public Issued client(String cn) {
            return issue(cn, KeyPurposeId.id_kp_clientAuth, null);
        }

        private Issued issue(String cn, KeyPurposeId purpose, GeneralNames names) {
            KeyPair leaf = keyPair();
            try {
                X509v3CertificateBuilder builder = builder(name, new X500Name("CN=" + cn), leaf, Duration.ofDays(1));
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
                if (names != null) {
                    builder.addExtension(Extension.subjectAlternativeName, false, names);
                }
                return new Issued(leaf.getPrivate(), sign(builder, keys.getPrivate()), certificate);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes the CA certificate as PEM (what clients get as their trust: {@code curl --cacert}). */
        public Path writePem(Path file) {
            return write(file, pem(certificate));
        }
    }

    /** A key and the certificate the CA issued for it. */
    public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate caCertificate) {

        /** Writes {@code cert.pem} (leaf, then CA) and {@code key.pem} (PKCS#8) into {@code dir}. */
        public Pem writePem(Path dir) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path cert = write(dir.resolve("cert.pem"), pem(certificate, caCertificate));
            // PKCS#8 ("BEGIN PRIVATE KEY"): the JDK encodes private keys so.
            Path key = write(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(this.key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
            return new Pem(cert, key);
        }

        /** Writes a PKCS#12 keystore with the key and chain under {@code alias}. */
        public Path writePkcs12(Path file, String password) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("fluxtap", key, password.toCharArray(),
                        List.of(certificate, caCertificate).toArray(Certificate[]::new));
                try (OutputStream out = Files.newOutputStream(file)) {
                    store.store(out, password.toCharArray());
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Where {@link Issued#writePem} put the files. */
    public record Pem(Path cert, Path key) {
    }

    private static Path write(Path file, String text) {
        try {
            // Written beside and moved, so a server polling the file never reads half of it.
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".pem", ".tmp");
            Files.writeString(temporary, text);
            return Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
