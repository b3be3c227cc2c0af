package io.sagaplatform.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code jcmd <pid> …} against one of the stack's JVMs (they run as the same user, from {@code java -jar}, so
 * the attach mechanism works without options). Each call starts a JVM of its own, about a third of a CPU-second:
 * the profiler calls it outside the measured window only.
 */
final class Jcmd {

    private Jcmd() {
    }

    /** The command's output; an {@link IllegalStateException} with that output when it fails. */
    static String run(long pid, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.add(Long.toString(pid));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + arguments[0] + " did not finish within 60 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + String.join(" ", arguments) + " failed: "
                        + text.trim());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for jcmd", e);
        }
    }

    /** The jcmd of the JDK this runs on (the stack's services run on the same one), else the one on the PATH. */
    private static String executable() {
        Path own = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(own) ? own.toString() : "jcmd";
    }
}
