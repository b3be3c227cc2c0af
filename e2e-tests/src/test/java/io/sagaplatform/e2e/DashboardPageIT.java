package io.sagaplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * every compensation it sends. The page runs in Debian's chromium driven through Debian's chromedriver
 * ({@link Chromium}; both installed by {@code scripts/browser.sh}, no Node involved), and this class acts on
 * the platform between the page's checks. The full-page screenshot is
 * {@code e2e-tests/target/screenshots/dashboard.png} (and {@code dashboard-confirm.png}, the dialog) unless
 * {@code -Dsaga.dashboard.screenshot=<path from the repository root>} says otherwise: the README's
 * {@code docs/dashboard.png} is refreshed that way.
 */
class DashboardPageIT {

    private static final Duration AT_MOST = Duration.ofSeconds(90);
    /** The bound of every wait in the browser, a page load included. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** scripts/browser.sh on a fresh machine: apt-get update and the install of chromium and its driver. */
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(10);
    private static final String OPERATOR = "ops-dana";

    private static Path repoRoot;
    private static PlatformStack stack;
    private static Shop shop;

    @BeforeAll
    static void installTheBrowserAndUseTheSharedPlatform() throws Exception {
        repoRoot = Path.of(System.getProperty("saga.repo.root", "..")).toAbsolutePath().normalize();
        // first, so that a fresh machine's apt-get does not hold the platform's start-up
        installTheBrowser();
        stack = SharedPlatform.stack();
        shop = new Shop(stack);
    }

    @AfterEach
    void invariantsHoldOnceThePlatformIsQuiet() {
        // a failed check may have left a service stopped: start it, so that every saga can end
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
        // some history for the page to show besides what the browser does: two orders rejected along the way
        List<UUID> earlier = List.of(shop.placeOrder("alice", "SKU-SOLDOUT", 1, "5.00", "FR"),
                shop.placeOrder("carol", "SKU-PEAR", 1, "2.00", "FR"));
        await().atMost(AT_MOST).until(() -> earlier.stream().allMatch(o -> shop.sagaStatus(o).equals("COMPENSATED")));

        Path screenshot = repoRoot.resolve(System.getProperty("saga.dashboard.screenshot",
                "e2e-tests/target/screenshots/dashboard.png"));
        Path failureScreenshot = repoRoot.resolve("e2e-tests/target/screenshots/dashboard-failure.png");
        List<UUID> orders = new ArrayList<>();
        try (Chromium browser = Chromium.launch(WAIT)) {
            try {
                operate(browser, screenshot, orders);
            } catch (RuntimeException | AssertionError | IOException failed) {
                step("FAILED: " + failed);
                try {
                    browser.fullPageScreenshot(failureScreenshot);
                    step("the page at the failure: " + failureScreenshot);
                } catch (RuntimeException | IOException ignored) {
                    // the browser may be what failed
                }
                throw failed;
            }
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

    /** What the operator does and sees in the page; the orders it places are added to {@code orders}. */
    private static void operate(Chromium browser, Path screenshot, List<UUID> orders) throws IOException {
        String base = stack.url("orchestrator").replaceAll("/$", "");
        String token = operatorToken();
        String withToken = base + "/dashboard/#token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);

        step("the root of the orchestrator leads to the dashboard");
        String first = browser.tab();
        browser.open(base + "/");
        browser.until("the address ends in /dashboard/", d -> d.getCurrentUrl().endsWith("/dashboard/"));
        step("a token handed over as #token=... to the loaded page is kept for the tab and leaves the address bar");
        browser.open(withToken);
        browser.until("the token field holds the token",
                d -> token.equals(browser.script("return document.getElementById('token').value")));
        assertThat(browser.fragment()).as("the token is taken out of the address bar").isEmpty();

        step("load /dashboard/#token=... in a new tab: from its first request on, the page sends the token");
        String page = browser.newTab();
        browser.close(first, page);
        // every request this tab makes to the dashboard API, with its headers
        List<Chromium.Request> apiRequests = browser.watch("/sagas", DashboardPageIT::step);
        browser.open(withToken);
        browser.visible("#live[data-state=\"on\"]");
        assertThat(browser.fragment()).as("the token is taken out of the address bar").isEmpty();
        assertThat(browser.value("#token")).as("the token is kept for the tab").isEqualTo(token);
        // the operator is the name the token carries (the server records actions under it); a token that is not a
        // JWT leaves the field to the operator
        if (browser.editable("#operator")) {
            browser.fill("#operator", OPERATOR);
        }
        assertThat(browser.value("#operator")).as("the operator the timeline will name").isEqualTo(OPERATOR);
        browser.visible("#stat-counts li");
        step("the door panel shows order-service taking orders, and its limit");
        browser.visible("#door[data-accepting=\"true\"]");
        assertThat(browser.text("#door-limit")).as("the in-flight limit is shown").matches("[1-9][0-9]*");
        browser.script("window.sameDocument = true;");

        step("place an order; its saga appears and turns COMPLETED without a reload");
        long eventsBefore = liveEvents(browser);
        UUID approved = placeOrder(orders, "alice", "SKU-APPLE", 1, "1.25", "FR");
        String approvedRow = "#saga-rows tr:has(td[title=\"" + approved + "\"])";
        browser.visible(approvedRow);
        browser.visible("#saga-rows tr[data-status=\"COMPLETED\"]:has(td[title=\"" + approved + "\"])");
        assertThat(browser.script("return window.sameDocument === true")).as("the page was not reloaded")
                .isEqualTo(true);
        long eventsAfter = liveEvents(browser);
        assertThat(eventsAfter).as("the live stream delivered the saga's changes (%d → %d)", eventsBefore, eventsAfter)
                .isGreaterThan(eventsBefore);
        step("saga of order " + approved + " COMPLETED live; " + (eventsAfter - eventsBefore) + " stream events");
        assertThat(browser.text(approvedRow + " td.version")).as("the row shows its definition version")
                .isEqualTo("v2");
        assertThat(browser.count("#type-filter option[value=\"place-order\"]"))
                .as("the type filter offers the registered saga types").isEqualTo(1);

        step("open its timeline: every step, its attempts, message ids and durations");
        browser.click(approvedRow);
        browser.visible("#detail[data-status=\"COMPLETED\"]");
        assertThat(browser.text("#detail-version")).as("the detail shows its definition version").isEqualTo("v2");
        List<Map<String, Object>> steps = rows(browser.script("""
                return Array.from(document.querySelectorAll('#step-rows tr')).map((r) => ({
                  name: r.dataset.step,
                  stage: Number(r.dataset.stage),
                  outcome: r.querySelector('.outcome').textContent,
                  attempts: Number(r.querySelector('.attempts').textContent),
                  commandId: r.querySelector('.command-id').textContent,
                  replyId: r.querySelector('.reply-id').textContent,
                  duration: r.querySelector('.duration').textContent,
                }));"""));
        assertThat(steps).extracting(s -> s.get("name")).containsExactly("reject-order", "reserve-inventory",
                "authorize-payment", "schedule-shipment", "approve-order", "capture-payment");
        assertThat(steps).extracting(s -> ((Number) s.get("stage")).intValue())
                .as("steps of one stage are shown as one group").containsExactly(0, 1, 1, 2, 3, 3);
        assertThat(browser.count("#step-rows tr.parallel")).as("the two parallel pairs are marked").isEqualTo(4);
        String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        for (Map<String, Object> s : steps.subList(1, steps.size())) {
            Object name = s.get("name");
            assertThat(s.get("outcome")).as("%s succeeded", name).isEqualTo("SUCCEEDED");
            assertThat(((Number) s.get("attempts")).intValue()).as("%s was sent", name).isGreaterThanOrEqualTo(1);
            assertThat((String) s.get("commandId")).as("%s shows its command's message id", name).matches(uuid);
            assertThat((String) s.get("replyId")).as("%s shows its reply's message id", name).matches(uuid);
            assertThat((String) s.get("duration")).as("%s shows its duration", name)
                    .containsPattern("\\d+(\\.\\d+)? (ms|s)");
        }
        List<Object> kinds = rows(browser.script(
                "return Array.from(document.querySelectorAll('#timeline li')).map((i) => i.dataset.kind);"));
        assertThat(kinds).as("the timeline").contains("SAGA_STARTED", "SAGA_COMPLETED");
        assertThat(browser.count("#detail-actions button")).as("a completed saga offers no action").isZero();

        step("the definition diagram: stages left to right, a parallel pair in one column, the pivot, compensations");
        String sagaOfApproved = shop.saga(approved).getString("saga.id");
        browser.visible("#diagram svg[data-saga=\"" + sagaOfApproved + "\"]");
        Map<String, Object> diagram = cast(browser.script(DIAGRAM_LAYOUT));
        assertThat(diagram.get("columns")).as("one column per stage of v2").isEqualTo(4L);
        assertThat(diagram.get("members")).as("steps per column").isEqualTo(List.of(1L, 2L, 1L, 2L));
        Map<String, Object> reserve = cast(diagram.get("reserve-inventory"));
        Map<String, Object> authorize = cast(diagram.get("authorize-payment"));
        Map<String, Object> reject = cast(diagram.get("reject-order"));
        Map<String, Object> schedule = cast(diagram.get("schedule-shipment"));
        assertThat(number(reserve.get("x"))).as("reserve-inventory ∥ authorize-payment: one column")
                .isEqualTo(number(authorize.get("x")));
        assertThat(number(reserve.get("y"))).as("… one above the other").isNotEqualTo(number(authorize.get("y")));
        assertThat(number(reject.get("x"))).as("stages run left to right").isLessThan(number(reserve.get("x")));
        assertThat(number(reserve.get("x"))).isLessThan(number(schedule.get("x")));
        assertThat(diagram.get("pivot")).as("the pivot is marked").isEqualTo(List.of("approve-order"));
        assertThat(diagram.get("compensations")).as("each compensatable step shows its compensation")
                .isEqualTo(List.of("reject-order", "reserve-inventory", "authorize-payment", "schedule-shipment"));
        assertThat(diagram.get("done")).as("the completed saga's steps are coloured as done").isEqualTo(List.of(
                "reserve-inventory", "authorize-payment", "schedule-shipment", "approve-order", "capture-payment"));

        step("the heat map: the orders rejected earlier failed at reserve-inventory and authorize-payment, and were undone");
        // the heat map is cached on the server for a few seconds; the page asks again on every change
        browser.until("the heat map counts the earlier failures", d -> Boolean.TRUE.equals(browser.script("""
                const count = (step, what) => Number(document.querySelector(
                    `#diagram g.step[data-step="${step}"]`).dataset[what]);
                return count('reserve-inventory', 'failed') >= 1 && count('authorize-payment', 'failed') >= 1
                    && Number(document.querySelector('#diagram g.compensation[data-step="reject-order"]')
                        .dataset.compensated) >= 2;""")));
        assertThat(browser.text("#diagram g.step[data-step=\"reserve-inventory\"] .heat-failed"))
                .as("the count is written on the step").matches("✕ [1-9][0-9]* failed");
        assertThat(browser.attribute("#diagram g.step[data-step=\"reserve-inventory\"] .step-box", "fill"))
                .as("a step with failures is coloured by them").startsWith("rgba(");

        step("the charts: sagas finished per bucket, and their duration percentiles");
        // the series is cached on the server for a few seconds and the page asks again on changes and every 15 s: on
        // a platform other tests used first, an answer computed before this test's sagas ended can count 3 already
        browser.until("the throughput chart counts the finished sagas, completed and compensated ones",
                d -> Boolean.TRUE.equals(browser.script("const c = document.querySelector('#chart-throughput svg');"
                        + " return c !== null && Number(c.dataset.finished) >= 3"
                        + " && c.querySelector('rect.bar.completed') !== null"
                        + " && c.querySelector('rect.bar.compensated') !== null")));
        assertThat(browser.count("#chart-throughput rect.bar.completed")).as("completed bars").isPositive();
        assertThat(browser.count("#chart-throughput rect.bar.compensated")).as("compensated bars").isPositive();
        assertThat(browser.count("#chart-durations path.line.line-p50")).as("the p50 line").isEqualTo(1);
        assertThat(browser.count("#chart-durations path.line.line-p99")).as("the p99 line").isEqualTo(1);
        assertThat(Long.parseLong(browser.attribute("#chart-durations svg", "data-points"))).isPositive();
        assertThat(browser.texts("#chart-durations .tick")).as("the duration axis is labelled")
                .anyMatch(t -> t.matches("\\d+(\\.\\d+)? (ms|s)"));
        browser.elementScreenshot("#stats", sibling(screenshot, "charts"));

        step("stop payment-service: the next saga waits on authorize-payment and is highlighted as stuck");
        stack.service("payment-service").stop();
        UUID stuck = placeOrder(orders, "alice", "SKU-PEAR", 1, "2.00", "FR");
        String stuckRow = "#saga-rows tr.stuck:has(td[title=\"" + stuck + "\"])";
        browser.visible(stuckRow);
        assertThat(browser.text(stuckRow + " .waits-on")).isEqualTo("authorize-payment");
        step("saga of order " + stuck + ": " + browser.text(stuckRow + " .stuck-label").toLowerCase(Locale.ROOT));

        browser.click(stuckRow);
        browser.visible("#detail[data-status=\"RUNNING\"]");
        assertThat(browser.text("#detail-facts")).contains("authorize-payment");
        step("the diagram shows where it stands: reserve-inventory done, waiting at authorize-payment");
        browser.visible("#diagram g.step[data-step=\"authorize-payment\"][data-position=\"current\"] .here-marker");
        assertThat(browser.attribute("#diagram g.step[data-step=\"reserve-inventory\"]", "class")).contains("saga-done");
        browser.until("the heat map counts it at authorize-payment", d -> Boolean.TRUE.equals(browser.script(
                "return Number(document.querySelector('#diagram g.step[data-step=\"authorize-payment\"]')"
                        + ".dataset.running) >= 1")));
        browser.elementScreenshot("#definition", sibling(screenshot, "diagram"));

        step("force its compensation: the confirmation names every compensation it will send");
        browser.click("#detail-actions button[data-action=\"compensate\"]");
        browser.visible("#confirm[open]");
        assertThat(browser.texts("#confirm-sends li")).containsExactly(
                "inventory.ReleaseInventory — compensation of reserve-inventory",
                "payment.VoidPaymentAuthorization — compensation of authorize-payment",
                "order.RejectOrder — compensation of reject-order");
        assertThat(browser.text("#confirm-intro")).contains("Sends 3 compensations, in this order");
        assertThat(browser.text("#confirm-operator")).isEqualTo(OPERATOR);
        browser.fill("#confirm-reason", "payment service down");
        browser.screenshot(sibling(screenshot, "confirm"));
        browser.click("#confirm-ok");
        browser.visible("#notice", "is now COMPENSATING");
        browser.visible("#timeline li[data-kind=\"OPERATOR_COMPENSATE\"]", OPERATOR);
        browser.visible("#timeline li[data-kind=\"COMPENSATION_SENT\"]", "VoidPaymentAuthorization");
        assertThat(browser.text("#step-rows tr[data-step=\"authorize-payment\"] .outcome"))
                .as("the step given up on shows it never got a reply").isEqualTo("NO_REPLY");
        Chromium.Request action = apiRequests.stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/compensate")).findFirst()
                .orElseThrow(() -> new AssertionError("the page posted the compensation"));
        assertThat(action.header("x-operator")).as("the action names the operator").isEqualTo(OPERATOR);

        step("the void waits for payment-service too: still highlighted, now on the compensation");
        browser.visible("#saga-rows tr.stuck[data-status=\"COMPENSATING\"]:has(td[title=\"" + stuck + "\"]) .waits-on",
                "compensation of authorize-payment");
        browser.until("at least one saga counted as stuck", d -> Boolean.TRUE.equals(browser.script(
                "return Number(document.getElementById('stat-stuck').textContent) >= 1")));
        browser.visible("#stat-counts li[data-status=\"COMPLETED\"] .count");
        browser.fullPageScreenshot(screenshot);
        step("screenshot: " + screenshot);

        step("start payment-service again: the saga ends COMPENSATED, live");
        stack.service("payment-service").start().awaitReady(Duration.ofMinutes(2));
        browser.visible("#detail[data-status=\"COMPENSATED\"]");
        browser.visible("#saga-rows tr[data-status=\"COMPENSATED\"]:has(td[title=\"" + stuck + "\"])");
        browser.visible("#timeline li[data-kind=\"SAGA_COMPENSATED\"]");
        assertThat(browser.count("#detail-actions button")).as("a compensated saga offers no action").isZero();

        step("every call to the dashboard API carried the bearer token, the live stream included");
        List<Chromium.Request> streams = apiRequests.stream().filter(r -> r.path().equals("/sagas/stream")).toList();
        assertThat(streams).as("the page opened the live stream").isNotEmpty();
        assertThat(apiRequests.stream().filter(r -> !("Bearer " + token).equals(r.header("authorization")))
                .map(r -> r.method() + " " + r.path())).as("requests without the token").isEmpty();
        step(apiRequests.size() + " API requests, " + streams.size() + " stream connection(s), all with the token");

        step("a new tab has no token: the server answers 401 and the page asks for an operator token");
        String refused = browser.newTab();
        browser.open(base + "/dashboard/");
        browser.visible("#auth-message", "operator token is needed");
        browser.visible("#live[data-state=\"off\"]");
        browser.close(refused, page);

        step("all checks passed");
    }

    private static UUID placeOrder(List<UUID> orders, String customer, String sku, int quantity, String price,
            String country) {
        UUID order = shop.placeOrder(customer, sku, quantity, price, country);
        orders.add(order);
        return order;
    }

    /** Where the diagram drew what: columns, steps per column, each step's box, the pivot, compensations, done steps. */
    private static final String DIAGRAM_LAYOUT = """
            const box = (g) => g.querySelector('.step-box');
            const steps = Array.from(document.querySelectorAll('#diagram g.step'));
            const columns = Array.from(document.querySelectorAll('#diagram g.stage-column'));
            const layout = {
              columns: columns.length,
              members: columns.map((c) => Number(c.dataset.members)),
              pivot: steps.filter((g) => g.querySelector('.pivot-marker')).map((g) => g.dataset.step),
              compensations: Array.from(document.querySelectorAll('#diagram g.compensation')).map((g) => g.dataset.step),
              done: steps.filter((g) => g.classList.contains('saga-done')).map((g) => g.dataset.step),
            };
            for (const g of steps) {
              layout[g.dataset.step] = { x: Number(box(g).getAttribute('x')), y: Number(box(g).getAttribute('y')) };
            }
            return layout;""";

    /** {@code dashboard.png} → {@code dashboard-<what>.png}, next to it. */
    private static Path sibling(Path screenshot, String what) {
        return screenshot.resolveSibling(screenshot.getFileName().toString().replaceFirst("\\.png$", "") + "-" + what
                + ".png");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object fromScript) {
        return (Map<String, Object>) fromScript;
    }

    private static double number(Object fromScript) {
        return ((Number) fromScript).doubleValue();
    }

    /** How many events the page has had from its live stream so far. */
    private static long liveEvents(Chromium browser) {
        String events = browser.attribute("#live", "data-events");
        return events == null || events.isEmpty() ? 0 : Long.parseLong(events);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> rows(Object fromScript) {
        return (List<T>) fromScript;
    }

    private static void step(String text) {
        System.out.println("[dashboard] " + text);
    }

    /** The bearer token the page sends on every call: an operator's, whose name the timeline records. */
    private static String operatorToken() {
        return Tokens.operator(OPERATOR);
    }

    /** Runs {@code scripts/browser.sh}, which installs what is missing; fails with its output when it fails. */
    private static void installTheBrowser() throws IOException, InterruptedException {
        Path output = Files.createTempFile("saga-browser-install-", ".log");
        try {
            Process install = new ProcessBuilder("bash", repoRoot.resolve("scripts/browser.sh").toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean ended = install.waitFor(INSTALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                install.descendants().forEach(ProcessHandle::destroyForcibly);
                install.destroyForcibly().waitFor();
            }
            String log = Files.readString(output);
            System.out.print(log);
            assertThat(ended).as("scripts/browser.sh still running after %s:%n%s", INSTALL_LIMIT, log).isTrue();
            assertThat(install.exitValue()).as("scripts/browser.sh failed:%n%s", log).isZero();
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
