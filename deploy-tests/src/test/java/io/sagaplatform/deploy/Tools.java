package io.sagaplatform.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The external validators (installed into {@code target/tools} by {@code tools/install-tools.sh} during the
 * build) and the repository they look at.
 */
final class Tools {

    static final Path REPO_ROOT = Path.of(System.getProperty("deploy.repo.root", "..")).toAbsolutePath().normalize();
    static final Path TOOLS_DIR = Path.of(System.getProperty("deploy.tools.dir", "target/tools")).toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 120;

    private Tools() {
    }

    static Path kubectl() {
        return require(TOOLS_DIR.resolve("bin/kubectl"));
    }

    static Path dclint() {
        return require(TOOLS_DIR.resolve("node_modules/.bin/dclint"));
    }

    static Path coreValidatorScript() {
        return require(REPO_ROOT.resolve("deploy-tests/src/test/node/validate-core.mjs"));
    }

    private static Path require(Path tool) {
        if (!Files.isRegularFile(tool)) {
            throw new IllegalStateException(tool + " is missing: the build installs it (deploy-tests/tools/install-tools.sh "
                    + TOOLS_DIR + ")");
        }
        return tool;
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
