package io.fluxtap.api.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files as the JDK's key material, for every TLS end of Fluxtap: the clients (notifications, scrapes) and the
 * listeners. Certificates are any number of {@code CERTIFICATE} blocks (a chain or a CA bundle); a private key is
 * PKCS#8 {@code PRIVATE KEY} (RSA, EC, Ed25519, Ed448) or PKCS#1 {@code RSA PRIVATE KEY}, as Go's
 * {@code tls.X509KeyPair} takes them. Errors name the file, so a bad setting is found from the message alone.
 */
public final class PemFiles {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    /** In-memory stores are never written out; they need a password only because the API asks for one. */
    private static final char[] NO_PASSWORD = new char[0];

    private PemFiles() {
    }

    /** Every certificate in {@code file}, in file order (leaf first for a chain). */
    public static List<X509Certificate> certificates(Path file) throws GeneralSecurityException {
        Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(read(file)));
        if (read.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + file);
        }
        List<X509Certificate> certificates = new ArrayList<>(read.size());
        for (Certificate certificate : read) {
            certificates.add((X509Certificate) certificate);
        }
        return List.copyOf(certificates);
    }

    /** The first private key in {@code file}; other blocks ({@code EC PARAMETERS}, certificates) are skipped. */
    public static PrivateKey privateKey(Path file) throws GeneralSecurityException {
        Matcher m = PEM.matcher(new String(read(file), StandardCharsets.US_ASCII));
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der, file);
                }
                case "RSA PRIVATE KEY" -> {
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rsaPkcs8(der)));
                }
                case "EC PRIVATE KEY" -> throw new GeneralSecurityException(file
                        + ": SEC1 EC keys are not supported, convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
                case "ENCRYPTED PRIVATE KEY" -> throw new GeneralSecurityException(file
                        + ": encrypted keys are not supported, decrypt it (openssl pkcs8 -topk8 -nocrypt)");
                default -> {
                    // not a key
                }
            }
        }
        throw new GeneralSecurityException("no private key (BEGIN PRIVATE KEY) in " + file);
    }

    /** A fresh in-memory PKCS#12 store holding {@code key} under {@code alias} with its certificate chain. */
    public static KeyStore keyStore(String alias, PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setKeyEntry(alias, key, NO_PASSWORD, chain.toArray(Certificate[]::new));
        return store;
    }

    /** The password of the stores {@link #keyStore} makes, for {@code KeyManagerFactory.init}. */
    public static char[] storePassword() {
        return NO_PASSWORD.clone();
    }

    /** A fresh in-memory store of trusted certificates (every certificate of {@code file}). */
    public static KeyStore trustStore(Path file) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        int i = 0;
        for (X509Certificate certificate : certificates(file)) {
            store.setCertificateEntry("ca" + i++, certificate);
        }
        return store;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm
            }
        }
        throw new GeneralSecurityException(file + ": unsupported PKCS#8 key");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, no parameters). */
    private static byte[] rsaPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return tlv(0x30, body);
    }

    private static byte[] tlv(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[]{(byte) n}
                : n < 0x100 ? new byte[]{(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[]{(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[]{(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }

    private static byte[] read(Path file) throws GeneralSecurityException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot read " + file + ": " + e, e);
        }
    }
}
