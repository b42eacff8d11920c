package org.openiothub.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hub's TLS key store. On first start it makes a CA (in {@code HUB_CA_DIR}, by default {@code <data>/tls}) and a
 * server certificate signed by it (SAN: the host name, {@code localhost}, {@code 127.0.0.1} and a specific bind
 * address) under {@code <data>/tls}; later starts reuse them, and a new server certificate is issued when the names are
 * no longer covered or the CA changed. The nodes of a cluster share one CA directory, so that each issues its own
 * server certificate from the one CA that clients trust. An operator's own key store replaces all of this.
 */
final class TlsMaterial {

    private static final String ALIAS = "hub";
    private static final SecureRandom RANDOM = new SecureRandom();

    final Path keyStore;
    final String password;
    /** The CA a client must trust, or {@code null} when the operator brought a key store. */
    final Path caCertificate;

    private TlsMaterial(Path keyStore, String password, Path caCertificate) {
        this.keyStore = keyStore;
        this.password = password;
        this.caCertificate = caCertificate;
    }

    static TlsMaterial prepare(HubSettings settings) {
        if (settings.keyStore().isPresent()) {
            Path store = settings.keyStore().get().toAbsolutePath();
            if (!Files.isReadable(store)) {
                throw new LaunchException("HUB_TLS_KEYSTORE=" + store + " is not a readable file");
            }
            return new TlsMaterial(store, settings.keyStorePassword().orElseThrow(
                    () -> new LaunchException("HUB_TLS_KEYSTORE is set but HUB_TLS_KEYSTORE_PASSWORD is not")), null);
        }
        Path dir = settings.dataDir().resolve("tls");
        Path caDir = settings.caDir();
        try {
            Files.createDirectories(dir);
            Path serverStore = dir.resolve("server.p12");
            char[] password = readOrCreateSecret(dir.resolve("keystore.password")).toCharArray();
            Path caStore = caDir.resolve("ca.p12");
            Path caPem = caDir.resolve("ca.pem");
            char[] caPassword = inLockedDirectory(caDir, () -> {
                char[] secret = readOrCreateSecret(caDir.resolve("keystore.password")).toCharArray();
                if (!Files.exists(caStore)) {
                    issueCa(caStore, caPem, secret);
                }
                return secret;
            });
            KeyStore ca = load(caStore, caPassword);
            Set<String> names = subjectNames(settings.hostName(), settings.bindAddress());
            if (!Files.exists(serverStore) || !covers(load(serverStore, password), names, ca)) {
                issueServer(ca, caPassword, serverStore, names, password);
            }
            return new TlsMaterial(serverStore, new String(password), caPem);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new LaunchException("Cannot prepare TLS material in " + dir + " with the CA in " + caDir
                    + " (HUB_CA_DIR): " + e.getMessage(), e);
        }
    }

    /** Work on files that several nodes starting at once may share; {@code dir} is created when absent. */
    interface DirectoryWork<T> {
        T run() throws IOException, GeneralSecurityException, OperatorCreationException;
    }

    /**
     * Runs {@code work} holding an exclusive lock on {@code dir} (its {@code .lock} file), so that nodes starting at
     * once on one shared directory make its CA and secrets once.
     */
    static synchronized <T> T inLockedDirectory(Path dir, DirectoryWork<T> work)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Files.createDirectories(dir);
        try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            return work.run();
        }
    }

    /** The secret kept in {@code file}, made (random, readable by the owner only) when the file is absent. */
    static String readOrCreateSecret(Path file) throws IOException {
        if (!Files.exists(file)) {
            writePrivate(file, randomPassword());
        }
        return Files.readString(file).trim();
    }

    private static Set<String> subjectNames(String hostName, String bindAddress) {
        Set<String> names = new LinkedHashSet<>();
        names.add(hostName);
        names.add("localhost");
        names.add("127.0.0.1");
        // A node reached on its own address (one of several nodes on one machine, or behind a DNS round robin).
        if (!HubSettings.isWildcard(bindAddress)) {
            names.add(bindAddress);
        }
        return names;
    }

    private static void issueCa(Path caStore, Path caPem, char[] password)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        KeyPair keys = rsaKeys();
        X500Name name = new X500Name("CN=Open IoT Hub local CA " + Instant.now().getEpochSecond());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(),
                Date.from(Instant.now().plus(Duration.ofDays(3650))), name, keys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate ca = sign(builder, keys.getPrivate());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, keys.getPrivate(), password, new Certificate[] {ca});
        save(store, caStore, password);
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(ca);
        }
        Files.writeString(caPem, pem.toString());
    }

    private static void issueServer(KeyStore caStore, char[] caPassword, Path serverStore, Set<String> names,
            char[] password) throws GeneralSecurityException, IOException, OperatorCreationException {
        X509Certificate ca = (X509Certificate) caStore.getCertificate(ALIAS);
        PrivateKey caKey = (PrivateKey) caStore.getKey(ALIAS, caPassword);
        KeyPair keys = rsaKeys();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(), notBefore(),
                Date.from(Instant.now().plus(Duration.ofDays(825))), new X500Name("CN=" + names.iterator().next()),
                keys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        List<GeneralName> alternativeNames = new ArrayList<>();
        for (String name : names) {
            boolean ip = name.matches("[0-9.]+") || name.contains(":");
            alternativeNames.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(alternativeNames.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate server = sign(builder, caKey);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, keys.getPrivate(), password, new Certificate[] {server, ca});
        save(store, serverStore, password);
    }

    /** Whether the server certificate was issued by {@code caStore}'s CA and its SAN still lists every name the hub answers to. */
    private static boolean covers(KeyStore serverStore, Set<String> names, KeyStore caStore) throws GeneralSecurityException {
        X509Certificate certificate = (X509Certificate) serverStore.getCertificate(ALIAS);
        if (certificate == null || certificate.getNotAfter().before(Date.from(Instant.now().plus(Duration.ofDays(7))))) {
            return false;
        }
        try {
            certificate.verify(caStore.getCertificate(ALIAS).getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        Collection<List<?>> alternativeNames = certificate.getSubjectAlternativeNames();
        Set<String> present = new LinkedHashSet<>();
        if (alternativeNames != null) {
            for (List<?> entry : alternativeNames) {
                present.add(String.valueOf(entry.get(1)));
            }
        }
        for (String name : names) {
            if (!present.contains(name) && !present.contains(canonicalIp(name))) {
                return false;
            }
        }
        return true;
    }

    private static String canonicalIp(String name) {
        try {
            return name.matches("[0-9.]+") ? InetAddress.getByName(name).getHostAddress() : name;
        } catch (IOException e) {
            return name;
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static void save(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        restrict(file);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content);
        restrict(file);
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
    }
}
