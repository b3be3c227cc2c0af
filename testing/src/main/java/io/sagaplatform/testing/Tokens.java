package io.sagaplatform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Bearer tokens, signed RS256: the one place that makes them. For tests with a test-only key pair — the services
 * under test verify them with {@link #verificationConfig()} (in-JVM) or {@link #verificationEnvironment()}
 * (processes) — and, through {@link #main}, for the local stack with its own key pair ({@code ./saga token}, which
 * runs this file with nothing but the JDK). The claims are the ones the services read: issuer {@value #ISSUER},
 * subject (a customer's id, or a staff member's name) and MicroProfile JWT {@code groups} as roles.
 */
public final class Tokens {

    /** The issuer every service trusts (mp.jwt.verify.issuer). */
    public static final String ISSUER = "saga-platform";

    /**
     * The trusted key pair, the same in every class loader (Quarkus loads test support once for the test and
     * again for the application under test, and a token made in one must verify in the other). It signs test
     * tokens only: nothing outside the test suites trusts it; the local stack makes its own (./saga run).
     */
    private static final String KEY_RESOURCE = "test-only-jwt-key.pk8.b64";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    /** A subject the local stack's command line accepts: no quoting questions in a shell. */
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** Loaded on first use only: {@code ./saga token} runs this class without the test key on its class path. */
    private static final class TestKey {
        static final KeyPair KEYS = load();
    }

    private Tokens() {
    }

    /** A customer acting for themselves: may place and read only orders with this customer id. */
    public static String customer(String customerId) {
        return sign(customerId, List.of("customer"), Duration.ofHours(1), TestKey.KEYS.getPrivate());
    }

    /** An operator: the dashboard API and its actions, read access to every service's state. */
    public static String operator(String name) {
        return sign(name, List.of("operator"), Duration.ofHours(1), TestKey.KEYS.getPrivate());
    }

    /** An administrator: additionally changes reference data (stock, credit lines, destinations). */
    public static String admin() {
        return sign("admin", List.of("admin"), Duration.ofHours(1), TestKey.KEYS.getPrivate());
    }

    /** A token with any subject, roles and lifetime (negative: already expired), signed by the trusted key. */
    public static String of(String subject, List<String> roles, Duration lifetime) {
        return sign(subject, roles, lifetime, TestKey.KEYS.getPrivate());
    }

    /** A well-formed token signed by a key nobody trusts. */
    public static String signedByStranger(String subject, List<String> roles) {
        return sign(subject, roles, Duration.ofHours(1), generate().getPrivate());
    }

    /** The trusted public key, X.509 DER in base64 (what mp.jwt.verify.publickey accepts inline). */
    public static String publicKey() {
        return Base64.getEncoder().encodeToString(TestKey.KEYS.getPublic().getEncoded());
    }

    /** Configuration that makes an in-JVM Quarkus application trust these tokens. */
    public static Map<String, String> verificationConfig() {
        return Map.of("mp.jwt.verify.publickey", publicKey(), "mp.jwt.verify.issuer", ISSUER);
    }

    /** The same, as environment variables for a service process. */
    public static Map<String, String> verificationEnvironment() {
        return Map.of("MP_JWT_VERIFY_PUBLICKEY", publicKey(), "MP_JWT_VERIFY_ISSUER", ISSUER);
    }

    private static String sign(String subject, List<String> roles, Duration lifetime, PrivateKey key) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = roles.stream().map(Tokens::quote).collect(Collectors.joining(",", "[", "]"));
        String claims = "{\"iss\":%s,\"sub\":%s,\"upn\":%s,\"groups\":%s,\"iat\":%d,\"exp\":%d,\"jti\":\"%s\"}"
                .formatted(quote(ISSUER), quote(subject), quote(subject), groups, now.getEpochSecond(),
                        now.plus(lifetime).getEpochSecond(), UUID.randomUUID());
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a test token", e);
        }
    }

    /** A JSON string literal: any subject a test invents (quotes, backslashes, control characters) stays one claim. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The local stack's tokens ({@code ./saga token}):
     * <ul>
     * <li>{@code keypair <dir>} — makes {@code <dir>/private.pem} (PKCS#8, readable by its owner only) and
     * {@code <dir>/public.pem} (X.509), a 2048-bit RSA pair, unless both exist;</li>
     * <li>{@code mint <private.pem> <subject> <role> [hours]} — prints a token signed with that key, valid for
     * {@code hours} (12 by default).</li>
     * </ul>
     */
    public static void main(String[] args) throws IOException, GeneralSecurityException {
        if (args.length == 2 && args[0].equals("keypair")) {
            keyPair(Path.of(args[1]));
        } else if ((args.length == 4 || args.length == 5) && args[0].equals("mint")) {
            if (!SUBJECT.matcher(args[2]).matches()) {
                usage("a token subject is 1-64 of A-Z a-z 0-9 . _ @ -: '" + args[2] + "'");
            }
            int hours = args.length == 5 ? Integer.parseInt(args[4]) : 12;
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    pem(Files.readString(Path.of(args[1])), "PRIVATE KEY")));
            System.out.println(sign(args[2], List.of(args[3]), Duration.ofHours(hours), key));
        } else {
            usage("usage: Tokens keypair <dir> | Tokens mint <private.pem> <subject> <role> [hours]");
        }
    }

    private static void usage(String message) {
        System.err.println(message);
        System.exit(2);
    }

    private static void keyPair(Path dir) throws IOException {
        Path privatePem = dir.resolve("private.pem");
        Path publicPem = dir.resolve("public.pem");
        if (Files.isRegularFile(privatePem) && Files.isRegularFile(publicPem)) {
            return;
        }
        Files.createDirectories(dir);
        KeyPair pair = generate();
        Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.setPosixFilePermissions(privatePem,
                PosixFilePermissions.fromString("rw-------"));
        Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pem(String text, String type) {
        int begin = text.indexOf("-----BEGIN " + type + "-----");
        int end = text.indexOf("-----END " + type + "-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("not a PEM " + type + " (PKCS#8 for a private key)");
        }
        return Base64.getMimeDecoder().decode(text.substring(begin + type.length() + 16, end));
    }

    private static KeyPair load() {
        try (InputStream in = Tokens.class.getResourceAsStream(KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + KEY_RESOURCE + " next to " + Tokens.class);
            }
            byte[] pkcs8 = Base64.getDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new KeyPair(rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())), key);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the test token key", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
