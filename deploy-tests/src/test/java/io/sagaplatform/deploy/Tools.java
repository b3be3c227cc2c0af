package io.sagaplatform.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kubectl, the one program outside the JVM these tests run (to render the overlays with its Kustomize), and the
 * repository they look at.
 */
final class Tools {

    static final Path REPO_ROOT = Path.of(System.getProperty("deploy.repo.root", "..")).toAbsolutePath().normalize();
    /** The oldest Kustomize that renders the overlays (components, patches with targets, labels). */
    static final int KUSTOMIZE_MAJOR = 5;
    private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final long TIMEOUT_SECONDS = 120;
    private static String kubectl;

    private Tools() {
    }

    /**
     * {@code -Ddeploy.kubectl=PATH}, or else {@code kubectl} on the PATH — refused unless its Kustomize is v5 or later
     * (Debian 12's kubernetes-client is 1.20 with Kustomize v2.0.3, which cannot render the overlays).
     */
    static synchronized String kubectl() {
        if (kubectl == null) {
            String candidate = System.getProperty("deploy.kubectl", "kubectl");
            Result version;
            try {
                version = run(List.of(candidate, "version", "--client"), null);
            } catch (UncheckedIOException e) {
                throw new IllegalStateException(candidate + " cannot be run: deploy-tests need kubectl 1.27 or later"
                        + " (Kustomize v" + KUSTOMIZE_MAJOR + "), see deploy-tests/README.md", e);
            }
            Matcher m = KUSTOMIZE_VERSION.matcher(version.stdout());
            if (!version.ok() || !m.find() || Integer.parseInt(m.group(1)) < KUSTOMIZE_MAJOR) {
                throw new IllegalStateException(candidate + " has no Kustomize v" + KUSTOMIZE_MAJOR + " or later ("
                        + version.stdout().strip() + version.stderr().strip() + "): deploy-tests need kubectl 1.27 or"
                        + " later, see deploy-tests/README.md");
            }
            kubectl = candidate;
        }
        return kubectl;
    }

    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs a command to its end (bounded), feeding {@code stdin} when not null. */
    static Result run(List<String> command, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(REPO_ROOT.toFile());
        builder.environment().put("NO_COLOR", "1");
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + TIMEOUT_SECONDS + "s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
