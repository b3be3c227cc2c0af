package io.sagaplatform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.sagaplatform.stack.Jwt;

/**
 * The tests' bearer tokens, signed RS256 by {@link Jwt} (which also makes the local stack's) with a test-only key
 * pair: the services under test verify them with {@link #verificationConfig()} (in-JVM) or
 * {@link #verificationEnvironment()} (processes). The claims are the ones the services read: issuer
 * {@value #ISSUER}, subject (a customer's id, or a staff member's name) and MicroProfile JWT {@code groups} as roles.
 */
public final class Tokens {

    /** The issuer every service trusts (mp.jwt.verify.issuer). */
    public static final String ISSUER = Jwt.ISSUER;

    /**
     * The trusted key pair, the same in every class loader (Quarkus loads test support once for the test and
     * again for the application under test, and a token made in one must verify in the other). It signs test
     * tokens only: nothing outside the test suites trusts it; the local stack makes its own (./saga run).
     */
    private static final String KEY_RESOURCE = "test-only-jwt-key.pk8.b64";

    /** Loaded on first use only. */
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
        return Jwt.sign(subject, roles, lifetime, key);
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
        return Jwt.generate();
    }
}
