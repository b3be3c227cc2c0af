package io.sagaplatform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    /** A real line's shape: 52 fields, utime (14th) 1234 and stime (15th) 56. */
    private static String statLine(long tid, String comm, long utime, long stime) {
        return tid + " (" + comm + ") S 1 100 100 0 -1 4194624 500 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 60 0 12345 4096000 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    }

    @Test
    void readsTheNameAndTheTicksOfAThread() {
        ThreadCpu.ThreadTicks thread = ThreadCpu.parseStat(statLine(4711, "executor-thread", 1234, 56));

        assertEquals(new ThreadCpu.ThreadTicks(4711, "executor-thread", 1290), thread);
    }

    @Test
    void keepsSpacesAndParenthesesOfTheName() {
        assertEquals("GC Thread#0", ThreadCpu.parseStat(statLine(7, "GC Thread#0", 10, 5)).comm());
        assertEquals("a) b (c", ThreadCpu.parseStat(statLine(8, "a) b (c", 1, 2)).comm());
        assertEquals(3, ThreadCpu.parseStat(statLine(8, "a) b (c", 1, 2)).ticks());
        assertEquals("ListenerName(P", ThreadCpu.parseStat(statLine(9, "ListenerName(P", 0, 0)).comm());
    }

    @Test
    void rejectsALineWithoutAName() {
        assertThrows(IllegalArgumentException.class, () -> ThreadCpu.parseStat("garbage"));
    }

    @Test
    void readsTheThreadsOfThisProcess() {
        Map<Long, ThreadCpu.ThreadTicks> threads = ThreadCpu.sample(ProcessHandle.current().pid());

        assertEquals(true, threads.size() > 1, "a JVM has many threads: " + threads);
    }

    @Test
    void mapsNativeThreadIdsToJavaNames() {
        String dump = """
                2024-01-01 10:00:00
                Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):

                "executor-thread-1" #52 daemon prio=5 os_prio=0 cpu=12.34ms elapsed=60.10s tid=0x00007f58d8018090 nid=0x3d3a waiting on condition  [0x00007f58dd71e000]
                   java.lang.Thread.State: WAITING (parking)
                \tat jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)

                "kafka-producer-network-thread | relay-order_service" #60 daemon prio=5 os_prio=0 cpu=5.00ms elapsed=50.00s tid=0x00007f58d8019000 nid=0x3d3b runnable  [0x0]
                "GC Thread#0" os_prio=0 cpu=137.37ms elapsed=4.89s tid=0x00007f58d8038950 nid=0x3d3c runnable
                "a \\"quoted\\" name" #61 prio=5 os_prio=0 cpu=0.10ms elapsed=1.00s tid=0x1 nid=20001 runnable
                JNI global refs: 15, weak refs: 0
                """;

        Map<Long, String> names = ThreadCpu.javaThreadNames(dump);

        assertEquals("executor-thread-1", names.get(0x3d3aL));
        assertEquals("kafka-producer-network-thread | relay-order_service", names.get(0x3d3bL));
        assertEquals("GC Thread#0", names.get(0x3d3cL));
        assertEquals("a \\\"quoted\\\" name", names.get(20001L));
        assertEquals(4, names.size());
    }

    @Test
    void sumsTicksPerGroupBetweenTwoReadings() {
        Map<Long, ThreadCpu.ThreadTicks> before = Map.of(
                1L, new ThreadCpu.ThreadTicks(1, "executor-thread", 100),
                2L, new ThreadCpu.ThreadTicks(2, "executor-thread", 50),
                3L, new ThreadCpu.ThreadTicks(3, "C2 CompilerThre", 400),
                4L, new ThreadCpu.ThreadTicks(4, "pool-3-thread-1", 7)); // ended during the window
        Map<Long, ThreadCpu.ThreadTicks> after = Map.of(
                1L, new ThreadCpu.ThreadTicks(1, "executor-thread", 130),
                2L, new ThreadCpu.ThreadTicks(2, "executor-thread", 60),
                3L, new ThreadCpu.ThreadTicks(3, "C2 CompilerThre", 405),
                5L, new ThreadCpu.ThreadTicks(5, "executor-thread", 8)); // started during the window

        Map<String, Long> ticks = ThreadCpu.ticksByGroup(before, after,
                t -> ThreadGroups.of(ThreadGroups.ProcessKind.JVM, t.comm()));

        assertEquals(Map.of(ThreadGroups.WORKERS, 48L, ThreadGroups.JIT, 5L), ticks);
        assertEquals(List.of(ThreadGroups.WORKERS, ThreadGroups.JIT), List.copyOf(ticks.keySet()), "largest first");
    }

    @Test
    void countsAReusedThreadIdFromZero() {
        Map<String, Long> ticks = ThreadCpu.ticksByGroup(Map.of(9L, new ThreadCpu.ThreadTicks(9, "old", 500)),
                Map.of(9L, new ThreadCpu.ThreadTicks(9, "new", 20)), t -> t.comm());

        assertEquals(Map.of("new", 20L), ticks);
    }
}
