package io.sagaplatform.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time per thread, from {@code /proc/<pid>/task/<tid>/stat} (utime + stime, in clock ticks, parsed by
 * {@link StackProcesses#ticksFromStat}) and the thread's name from the same line's {@code comm} field, read at the
 * start and at the end of the profile's window; the difference, summed per {@link ThreadGroups group}, says where a
 * process's CPU went.
 *
 * <p>A thread that ended during the window is in neither reading's task list, but its time stays in the process's
 * total: the report shows the process total minus the groups as "threads that ended during the window". A thread
 * that started during the window counts from zero.
 */
final class ThreadCpu {

    /** One thread at one instant: its id, its {@code comm} (at most 15 characters) and its CPU ticks so far. */
    record ThreadTicks(long tid, String comm, long ticks) {
    }

    private static final Pattern THREAD_PRINT_LINE =
            Pattern.compile("^\"(.*)\" .*?\\bnid=(0x[0-9a-fA-F]+|[0-9]+)\\b");

    private ThreadCpu() {
    }

    /** Every thread of the process now; empty when the process is gone. */
    static Map<Long, ThreadTicks> sample(long pid) {
        Map<Long, ThreadTicks> threads = new HashMap<>();
        Path tasks = Path.of("/proc/" + pid + "/task");
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (Path dir : dirs) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended while we listed them
                }
                ThreadTicks thread = parseStat(stat);
                threads.put(thread.tid(), thread);
            }
        } catch (IOException e) {
            // the process ended: nothing to count
        }
        return threads;
    }

    /**
     * One {@code stat} line: {@code tid (comm) state ppid … utime stime …}. The name may hold spaces and
     * parentheses ({@code (GC Thread#0)}, {@code (a) b)}): it runs from the first '(' to the <em>last</em> ')'.
     */
    static ThreadTicks parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + stat);
        }
        long tid = Long.parseLong(stat.substring(0, open).trim());
        return new ThreadTicks(tid, stat.substring(open + 1, close), StackProcesses.ticksFromStat(stat));
    }

    /**
     * The Java name of every thread in a {@code jcmd <pid> Thread.print} dump, by native thread id (the
     * {@code nid}: hexadecimal up to JDK 18, decimal after), e.g.
     * {@code "executor-thread-1" #52 daemon prio=5 os_prio=0 cpu=12.3ms elapsed=60.1s tid=0x… nid=0x4c1b waiting…}.
     */
    static Map<Long, String> javaThreadNames(String threadPrint) {
        Map<Long, String> names = new HashMap<>();
        for (String line : threadPrint.split("\n")) {
            Matcher m = THREAD_PRINT_LINE.matcher(line);
            if (m.find()) {
                String nid = m.group(2);
                long tid = nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
                names.put(tid, m.group(1));
            }
        }
        return names;
    }

    /**
     * Clock ticks per group between two readings of the same process. {@code group} names a thread from its id and
     * {@code comm}. Groups come out largest first.
     */
    static Map<String, Long> ticksByGroup(Map<Long, ThreadTicks> before, Map<Long, ThreadTicks> after,
            Function<ThreadTicks, String> group) {
        Map<String, Long> ticks = new HashMap<>();
        for (ThreadTicks thread : after.values()) {
            ThreadTicks earlier = before.get(thread.tid());
            // A tid reused by a new thread within the window shows fewer ticks than before: count it from zero.
            long used = earlier == null || earlier.ticks() > thread.ticks() ? thread.ticks()
                    : thread.ticks() - earlier.ticks();
            if (used > 0) {
                ticks.merge(group.apply(thread), used, Long::sum);
            }
        }
        return largestFirst(ticks);
    }

    static <K> Map<K, Long> largestFirst(Map<K, Long> values) {
        Map<K, Long> sorted = new LinkedHashMap<>();
        values.entrySet().stream().sorted(Map.Entry.<K, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /**
     * Every PostgreSQL process as one "thread" (they are single-threaded), named by its process title so that
     * {@link ThreadGroups#ofPostgres} can group backends per database and WAL senders per relay.
     */
    static Map<Long, ThreadTicks> samplePostgres(List<Long> pids) {
        Map<Long, ThreadTicks> processes = new HashMap<>();
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String title = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                        StandardCharsets.UTF_8);
                processes.put(pid, new ThreadTicks(pid, title.replace('\0', ' ').trim(),
                        StackProcesses.ticksFromStat(stat)));
            } catch (IOException e) {
                // the backend ended meanwhile
            }
        }
        return processes;
    }
}
