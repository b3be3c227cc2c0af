package io.sagaplatform.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ProfileReportTest {

    private static final ProfileReport.Window WINDOW =
            new ProfileReport.Window("2026-12-06T07:00:00Z", "2026-12-06T07:00:40Z", 40.0, 10, 400, 10.0);

    private static Map<String, Double> seconds(Object... groupAndSeconds) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < groupAndSeconds.length; i += 2) {
            map.put((String) groupAndSeconds[i], (Double) groupAndSeconds[i + 1]);
        }
        return map;
    }

    @Test
    void attributesToEndedThreadsWhatTheGroupsDoNotExplain() {
        // 4 s of process CPU, 3 s seen in its threads: 1 s belonged to threads gone by the end of the window
        List<ProfileReport.GroupCpu> groups = ProfileReport.groups(
                seconds(ThreadGroups.WORKERS, 2.0, ThreadGroups.JIT, 1.0), 4.0, 40.0, 400);

        assertEquals(List.of(
                new ProfileReport.GroupCpu(ThreadGroups.WORKERS, 5.0, 0.05, 50.0),
                new ProfileReport.GroupCpu(ThreadGroups.JIT, 2.5, 0.025, 25.0),
                new ProfileReport.GroupCpu(ProfileReport.ENDED_THREADS, 2.5, 0.025, 25.0)), groups);
    }

    @Test
    void leavesOutARemainderWithinSamplingSkew() {
        List<ProfileReport.GroupCpu> groups = ProfileReport.groups(seconds(ThreadGroups.WORKERS, 3.99), 4.0, 40.0, 400);

        assertEquals(1, groups.size());
    }

    @Test
    void rendersOneRowPerProcessThenItsGroupsAndFoldsTheSmallOnes() {
        ProfileReport report = report(List.of(
                new ProfileReport.ProcessCpu("order-service", 13.0, 0.13, ProfileReport.groups(
                        seconds(ThreadGroups.WORKERS, 2.4, ThreadGroups.KAFKA_CLIENTS, 1.2, ThreadGroups.GC, 0.0012,
                                ThreadGroups.JFR, 0.0008), 5.2, 40.0, 400)),
                new ProfileReport.ProcessCpu("postgres", 11.0, 0.11, ProfileReport.groups(
                        seconds("backends order_service", 4.4), 4.4, 40.0, 400))));

        String table = report.cpuTable();

        assertEquals("""
                | process | thread group | CPU ms per saga | cores |
                |---|---|---:|---:|
                | **order-service** | all | **13.0** | 0.130 |
                | | executor/worker threads | 6.00 | 0.060 |
                | | threads that ended in the window | 4.00 | 0.040 |
                | | Kafka clients | 3.00 | 0.030 |
                | | 2 smaller groups | 0.01 | 0.000 |
                | **postgres** | all | **11.0** | 0.110 |
                | | backends order_service | 11.0 | 0.110 |
                """, table);
    }

    @Test
    void theReportHasEverySection() {
        JfrSummary.Aggregator jfr = new JfrSummary.Aggregator();
        jfr.executionSample("org.hibernate.event.internal.AbstractFlushingEventListener.flushEverythingToExecutions",
                "org.hibernate.event.internal.AbstractFlushingEventListener.flushEverythingToExecutions");
        jfr.allocation("byte[]", "java.util.Arrays.copyOf", 1 << 20);
        jfr.garbageCollection(java.time.Duration.ofMillis(8), java.time.Duration.ofMillis(8));
        ProfileReport report = new ProfileReport("2026-12-06T06:59:00Z", WINDOW, Map.of("jfr", true), null,
                List.of(new ProfileReport.ProcessCpu("orchestrator", 10.0, 0.1,
                        ProfileReport.groups(seconds(ThreadGroups.WORKERS, 4.0), 4.0, 40.0, 400))),
                Map.of("orchestrator", jfr.summary(15)),
                List.of(new PgStatements.StatementCost("orchestrator", "orchestrator",
                        "update saga set state = $1 | where id = $2", 2000, 5.0, 800.0, 2.0, 0.4, 2000)),
                List.of(new PgStatements.CommitRate("orchestrator", 2400, 6.0, 0)),
                Map.of("GC log orchestrator", "/repo/.local/logs/orchestrator-gc.log"), List.of("a note"));

        String md = report.markdown();

        assertTrue(md.startsWith("# Saga profile 2026-12-06T06:59:00Z"), md);
        assertTrue(md.contains("400 sagas completed (10.0/s)"), md);
        assertTrue(md.contains("## Where a saga's CPU goes"), md);
        assertTrue(md.contains("### orchestrator"), md);
        assertTrue(md.contains("GC: 1 collections, pauses 8.0 ms in total (0.020 ms per saga)"), md);
        assertTrue(md.contains("| 1 | `org.hibernate.event.internal.AbstractFlushingEventListener"
                + ".flushEverythingToExecutions` | 1 | 100.0 |"), md);
        assertTrue(md.contains("| orchestrator | 2400 | 6.00 | 0 |"), md);
        assertTrue(md.contains("`update saga set state = $1 \\| where id = $2`"), "pipes escaped in the table: " + md);
        assertTrue(md.contains("- a note"), md);
        assertTrue(md.contains("- GC log orchestrator: `/repo/.local/logs/orchestrator-gc.log`"), md);
        assertTrue(assertDoesNotThrow(() -> new ObjectMapper().writeValueAsString(report))
                .contains("\"hotCallers\":[{\"name\":\"org.hibernate."), "the JSON has every part");
        String summary = report.terminalSummary(3);
        assertTrue(summary.contains("Where a saga's CPU goes:"), summary);
        assertTrue(summary.contains("Commits per saga: orchestrator 6.00\n"), summary);
    }

    @Test
    void embedsTheBenchStepAndEndsTheTableWithTheStackTotal() {
        StepResult.Latency latency = new StepResult.Latency(360, 650, 750, 850, 880, 900, 660);
        Map<String, Double> perSaga = new LinkedHashMap<>();
        perSaga.put("orchestrator", 10.0);
        perSaga.put("load-generator", 2.0);
        perSaga.put(ProfileReport.STACK_TOTAL, 10.0);
        Map<String, Double> cores = new LinkedHashMap<>();
        cores.put("orchestrator", 0.1);
        cores.put("load-generator", 0.02);
        cores.put(ProfileReport.STACK_TOTAL, 0.1);
        StepResult step = new StepResult(10, 40, 10, 10, latency, latency, latency, Map.of(), 0, 3.0, 0, 0, perSaga,
                cores, new StepResult.Machine(0.2, 0.1, 0.02, 0.08, "0.50 0.40 0.30", "0.60 0.40 0.30"),
                Map.of("orchestrator", 350.0), Map.of(), true, "pass");
        ProfileReport report = new ProfileReport("now", WINDOW, Map.of("machine", Map.of("cpus", 2)), step,
                List.of(new ProfileReport.ProcessCpu("orchestrator", 10.0, 0.1, List.of())), Map.of(), List.of(),
                List.of(), Map.of(), List.of());

        String md = report.markdown();

        assertTrue(report.cpuTable().endsWith("| **stack total** (without the generator) | | **10.0** | 0.100 |\n"),
                report.cpuTable());
        assertTrue(md.contains("happy p50 650 ms, p99 850 ms; errors 0; machine busy 0.20 cores"), md);
        assertTrue(md.contains("| target/s | sent/s | done/s |"), "the bench's step table: " + md);
        assertFalse(md.contains("## Bench run"), md);
        assertFalse(md.contains("Machine: "), md);
    }

    private static ProfileReport report(List<ProfileReport.ProcessCpu> cpu) {
        return new ProfileReport("now", WINDOW, Map.of(), null, cpu, Map.of(), List.of(), List.of(), Map.of(),
                List.of());
    }
}
