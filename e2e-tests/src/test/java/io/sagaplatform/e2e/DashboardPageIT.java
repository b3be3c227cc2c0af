package io.sagaplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.testing.Tokens;

/**
 * The operator's dashboard page in headless Chromium against the packaged platform: the page loads with an
 * operator token, a saga placed meanwhile turns COMPLETED live, its step timeline opens, a saga stuck on a
 * stopped participant is highlighted and its compensation forced through the confirmation dialog, which names
 * every compensation it sends. The browser side is {@code src/test/browser/dashboard.spec.mjs}
 * (playwright-core driving Debian's chromium, both installed by {@code scripts/browser.sh}); this class owns
 * the platform and does what the script asks of it. The script's full-page screenshot is
 * {@code e2e-tests/target/screenshots/dashboard.png} (and {@code dashboard-confirm.png}, the dialog) unless
 * {@code -Dsaga.dashboard.screenshot=<path from the repository root>} says otherwise: the README's
 * {@code docs/dashboard.png} is refreshed that way.
 */
class DashboardPageIT {

    private static final Duration AT_MOST = Duration.ofSeconds(90);
    /** The whole browser script, a generous bound: it restarts a service and waits for sagas to end. */
    private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(6);
    private static final String OPERATOR = "ops-dana";

    private static Path repoRoot;
    private static PlatformStack stack;
    private static Shop shop;

    @BeforeAll
    static void installTheBrowserAndUseTheSharedPlatform() throws Exception {
        repoRoot = Path.of(System.getProperty("saga.repo.root", "..")).toAbsolutePath().normalize();
        // first, so that a fresh machine's apt-get and npm ci do not hold the platform's start-up
        List<String> install = new ArrayList<>();
        int rc = run(List.of("bash", repoRoot.resolve("scripts/browser.sh").toString()), install, Duration.ofMinutes(10));
        assertThat(rc).as("scripts/browser.sh failed:%n%s", String.join("\n", install)).isZero();
        stack = SharedPlatform.stack();
        shop = new Shop(stack);
    }

    @AfterEach
    void invariantsHoldOnceThePlatformIsQuiet() {
        // a failed script may have left a service stopped: start it, so that every saga can end
        for (String name : PlatformStack.SERVICES) {
            if (!stack.service(name).alive()) {
                stack.service(name).start().awaitReady(Duration.ofMinutes(2));
            }
        }
        await().atMost(AT_MOST).until(() -> Invariants.activeSagas(stack) == 0);
        Invariants.check(stack);
    }

    @Test
    void anOperatorWatchesASagaCompleteLiveOpensItsTimelineAndForcesCompensationOfAStuckOne() throws Exception {
        // some history for the page to show besides what the script does: two orders rejected along the way
        List<UUID> earlier = List.of(shop.placeOrder("alice", "SKU-SOLDOUT", 1, "5.00", "FR"),
                shop.placeOrder("carol", "SKU-PEAR", 1, "2.00", "FR"));
        await().atMost(AT_MOST).until(() -> earlier.stream().allMatch(o -> shop.sagaStatus(o).equals("COMPENSATED")));

        List<UUID> orders = new ArrayList<>();
        Path browserTests = repoRoot.resolve("e2e-tests/src/test/browser");
        Path target = repoRoot.resolve("e2e-tests/target");
        ProcessBuilder builder = new ProcessBuilder("node", "dashboard.spec.mjs")
                .directory(browserTests.toFile())
                .redirectErrorStream(true);
        builder.environment().put("DASHBOARD_URL", stack.url("orchestrator"));
        builder.environment().put("OPERATOR_TOKEN", operatorToken());
        builder.environment().put("OPERATOR_NAME", OPERATOR);
        builder.environment().put("SCREENSHOT", repoRoot.resolve(System.getProperty("saga.dashboard.screenshot",
                "e2e-tests/target/screenshots/dashboard.png")).toString());
        builder.environment().put("FAILURE_SCREENSHOT", target.resolve("screenshots/dashboard-failure.png").toString());

        List<String> output = new ArrayList<>();
        Process script = builder.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(script.getInputStream(),
                StandardCharsets.UTF_8)); Writer stdin = new PrintWriter(script.getOutputStream(), true,
                StandardCharsets.UTF_8)) {
            Thread watchdog = watchdog(script, SCRIPT_LIMIT);
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[browser] " + line);
                output.add(line);
                if (line.startsWith("@@ask ")) {
                    stdin.write(answer(line.substring("@@ask ".length()).split(" "), orders) + "\n");
                    stdin.flush();
                }
            }
            watchdog.interrupt();
        } finally {
            if (script.isAlive()) {
                script.descendants().forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
            }
        }
        int rc = script.waitFor();
        if (rc != 0) {
            fail("The browser script failed (exit %d). Its output:%n%s", rc, String.join("\n", output));
        }

        // what the page did, as the platform saw it
        assertThat(orders).hasSize(2);
        UUID completed = orders.get(0);
        UUID compensated = orders.get(1);
        assertThat(shop.orderStatus(completed)).isEqualTo("APPROVED");
        await().atMost(AT_MOST).until(() -> shop.orderStatus(compensated).equals("REJECTED"));
        JsonPath saga = shop.saga(compensated);
        assertThat(saga.getString("saga.status")).isEqualTo("COMPENSATED");
        assertThat(saga.getList("timeline.findAll { it.kind == 'OPERATOR_COMPENSATE' }.detail", String.class))
                .singleElement().asString().contains(OPERATOR).contains("payment service down");
        assertThat(shop.authorizationStatus(compensated)).isEqualTo("VOIDED");
        assertThat(shop.reservationStatus(compensated)).isEqualTo("RELEASED");
    }

    /** The bearer token the page sends on every call: an operator's, whose name the timeline records. */
    private static String operatorToken() {
        return Tokens.operator(OPERATOR);
    }

    /** Does what the browser script asked ({@code verb args...}); answers one line. */
    private static String answer(String[] ask, List<UUID> orders) {
        try {
            switch (ask[0]) {
                case "place-order" -> {
                    UUID order = shop.placeOrder(ask[1], ask[2], Integer.parseInt(ask[3]), ask[4], ask[5]);
                    orders.add(order);
                    return order.toString();
                }
                case "stop-service" -> {
                    stack.service(ask[1]).stop();
                    return "ok";
                }
                case "start-service" -> {
                    stack.service(ask[1]).start().awaitReady(Duration.ofMinutes(2));
                    return "ok";
                }
                default -> {
                    return "error unknown request " + Arrays.toString(ask);
                }
            }
        } catch (RuntimeException e) {
            return "error " + e.getMessage().replace('\n', ' ');
        }
    }

    /** Ends a process (and its children: the browser) that outlives {@code limit}; the test then fails on its exit. */
    private static Thread watchdog(Process script, Duration limit) {
        Thread watchdog = new Thread(() -> {
            try {
                if (!script.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.out.println("[browser] still running after " + limit + ": ended");
                    script.descendants().forEach(ProcessHandle::destroyForcibly);
                    script.destroyForcibly();
                }
            } catch (InterruptedException finished) {
                Thread.currentThread().interrupt();
            }
        }, "dashboard-script-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    private static int run(List<String> command, List<String> output, Duration limit) throws IOException,
            InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread watchdog = watchdog(process, limit);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println(line);
                output.add(line);
            }
        }
        int rc = process.waitFor();
        watchdog.interrupt();
        return rc;
    }
}
