package io.sagaplatform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Recording;

class JfrSummaryTest {

    @Test
    void ranksHotMethodsBySamplesWithTheirShare() {
        JfrSummary.Aggregator aggregator = new JfrSummary.Aggregator();
        for (int i = 0; i < 6; i++) {
            aggregator.executionSample("java.util.HashMap.getNode", "org.hibernate.Session.flush");
        }
        for (int i = 0; i < 3; i++) {
            aggregator.executionSample("io.vertx.core.Loop.run", "io.vertx.core.Loop.run");
        }
        aggregator.executionSample("java.lang.String.hashCode", "org.hibernate.Session.flush");

        JfrSummary summary = aggregator.summary(2);

        assertEquals(10, summary.executionSamples());
        assertEquals(List.of(new JfrSummary.Entry("java.util.HashMap.getNode", 6, 60.0),
                new JfrSummary.Entry("io.vertx.core.Loop.run", 3, 30.0)), summary.hotMethods());
        assertEquals(new JfrSummary.Entry("org.hibernate.Session.flush", 7, 70.0), summary.hotCallers().get(0));
    }

    @Test
    void namesArrayClassesAsJavaDoes() {
        assertEquals("byte[]", JfrSummary.className("[B"));
        assertEquals("java.lang.Object[][]", JfrSummary.className("[[Ljava.lang.Object;"));
        assertEquals("java.lang.String", JfrSummary.className("java.lang.String"));
    }

    @Test
    void tellsTheJdkFromLibraries() {
        assertTrue(JfrSummary.isJdk("java.util.HashMap"));
        assertTrue(JfrSummary.isJdk("sun.nio.ch.SocketDispatcher"));
        assertFalse(JfrSummary.isJdk("org.hibernate.internal.SessionImpl"));
        assertFalse(JfrSummary.isJdk("io.sagaplatform.messaging.inbox.Inbox"));
    }

    @Test
    void addsAllocationWeightPerClassAndPerSite() {
        JfrSummary.Aggregator aggregator = new JfrSummary.Aggregator();
        aggregator.allocation("byte[]", "java.util.Arrays.copyOf", 3L << 20);
        aggregator.allocation("byte[]", "io.netty.Buffer.allocate", 1L << 20);
        aggregator.allocation("java.lang.String", "java.util.Arrays.copyOf", 4L << 20);

        JfrSummary summary = aggregator.summary(5);

        assertEquals(8.0, summary.allocatedMiB());
        assertEquals(new JfrSummary.Entry("byte[]", 4.0, 50.0), summary.allocatedClasses().get(0));
        assertEquals(new JfrSummary.Entry("java.util.Arrays.copyOf", 7.0, 87.5), summary.allocationSites().get(0));
    }

    @Test
    void sumsPausesAndKeepsTheLongest() {
        JfrSummary.Aggregator aggregator = new JfrSummary.Aggregator();
        aggregator.garbageCollection(Duration.ofMillis(4), Duration.ofMillis(3));
        aggregator.garbageCollection(Duration.ofMillis(10), Duration.ofMillis(10));

        assertEquals(new JfrSummary.GcPauses(2, 14.0, 10.0), aggregator.summary(1).gc());
    }

    @Test
    void readsARecordingAndKeepsOnlyEventsInsideTheWindow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gc.jfr");
        Instant before;
        Instant after;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.GarbageCollection");
            recording.start();
            before = Instant.now();
            System.gc();
            after = Instant.now();
            recording.stop();
            recording.dump(file);
        }

        JfrSummary inside = JfrSummary.read(file, before.minusSeconds(1), after.plusSeconds(1), 5);
        JfrSummary outside = JfrSummary.read(file, after.plusSeconds(1), after.plusSeconds(2), 5);

        assertTrue(inside.gc().count() >= 1, "System.gc() is a collection: " + inside.gc());
        assertTrue(inside.gc().totalPauseMillis() > 0);
        assertEquals(0, outside.gc().count());
    }
}
