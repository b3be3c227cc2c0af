package io.sagaplatform.stack;

import java.io.IOException;
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
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Bearer tokens, signed RS256: the one place that makes them — the tests' (testing's {@code Tokens}, with a test-only
 * key pair) and the local stack's ({@code ./saga token}, {@link LocalStack}'s banner), with its own key pair in
 * {@code .local/jwt}. The claims are the ones the services read: issuer {@value #ISSUER}, subject (a customer's id,
 * or a staff member's name) and MicroProfile JWT {@code groups} as roles.
 */
public final class Jwt {

    /** The issuer every service trusts (mp.jwt.verify.issuer). */
    public static final String ISSUER = "saga-platform";

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    /** A subject the local stack's command line accepts: no quoting questions in a shell. */
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private Jwt() {
    }

    /** A token for {@code subject} with {@code roles}, valid for {@code lifetime} (negative: already expired). */
    public static String sign(String subject, List<String> roles, Duration lifetime, PrivateKey key) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = roles.stream().map(Jwt::quote).collect(Collectors.joining(",", "[", "]"));
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

    /** A token signed with the local stack's key {@code privatePem}; the subject as the command line accepts it. */
    public static String mint(Path privatePem, String subject, String role, int hours)
            throws IOException, GeneralSecurityException {
        if (!SUBJECT.matcher(subject).matches()) {
            throw new IllegalArgumentException("a token subject is 1-64 of A-Z a-z 0-9 . _ @ -: '" + subject + "'");
        }
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                pem(Files.readString(privatePem), "PRIVATE KEY")));
        return sign(subject, List.of(role), Duration.ofHours(hours), key);
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
            System.out.println(mint(Path.of(args[1]), args[2], args[3], args.length == 5 ? Integer.parseInt(args[4]) : 12));
        } else {
            usage("usage: Jwt keypair <dir> | Jwt mint <private.pem> <subject> <role> [hours]");
        }
    }

    private static void usage(String message) {
        System.err.println(message);
        System.exit(2);
    }

    /** Makes the local stack's key pair in {@code dir} unless both files exist. */
    public static void keyPair(Path dir) throws IOException {
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

    /** A fresh 2048-bit RSA key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
