package io.sagaplatform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProfileOptionsTest {

    @Test
    void runsOneBenchStepAtTheRateWithTheBenchDefaultsForTheRest() {
        ProfileOptions options = ProfileOptions.parse("--rate", "12.5", "--duration", "40", "--repo-root", "/repo");

        assertEquals(12.5, options.rate());
        assertEquals(List.of(12.5), options.bench().rates());
        assertEquals(40, options.bench().durationSeconds());
        assertEquals(15, options.bench().warmupSeconds());
        assertEquals(0, options.bench().idleSeconds(), "no idle measurement");
        assertEquals(Options.parse().primeSeconds(), options.bench().primeSeconds());
        assertEquals(Path.of("/repo"), options.bench().repoRoot());
        assertEquals(true, options.outputDir().startsWith(Path.of("/repo/.local/profile")));
        assertEquals(options.outputDir().resolve("profile.json"), options.bench().output());
    }

    @Test
    void handsTheLoadOptionsToTheBench() {
        ProfileOptions options = ProfileOptions.parse("--prime", "10", "--prime-rate", "5", "--no-setup", "--no-jfr",
                "--warmup", "5", "--output-dir", "/tmp/p");

        assertEquals(10, options.bench().primeSeconds());
        assertEquals(5.0, options.bench().primeRate());
        assertFalse(options.bench().setup());
        assertFalse(options.jfr());
        assertEquals(Path.of("/tmp/p"), options.outputDir());
    }

    @Test
    void refusesWhatOnlyTheBenchDoes() {
        assertThrows(Options.UsageException.class, () -> ProfileOptions.parse("--knee"));
        assertThrows(Options.UsageException.class, () -> ProfileOptions.parse("--rates", "10,20"));
        assertThrows(Options.UsageException.class, () -> ProfileOptions.parse("--rate", "0"));
        assertThrows(Options.UsageException.class, () -> ProfileOptions.parse("--bogus", "1"));
    }

    @Test
    void needsAWarmUpLongEnoughToStartTheRecordings() {
        assertThrows(Options.UsageException.class, () -> ProfileOptions.parse("--warmup", "5"));
    }
}
