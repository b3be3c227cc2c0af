package io.sagaplatform.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.network.Network;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through Debian's chromedriver (both installed by {@code scripts/browser.sh}),
 * with what a page test needs on top of WebDriver: a fixed viewport, time zone and locale in every tab, the
 * requests a tab makes with their headers and its console errors (Chrome DevTools Protocol), bounded waits, and
 * full-page screenshots. Both paths are given to Selenium, so that Selenium Manager never runs: nothing is
 * downloaded.
 */
final class Chromium implements AutoCloseable {

    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /**
     * The flags this machine needs: no GPU, no sandbox as root, and no background traffic to the outside; no
     * scroll bars, so that a full-page screenshot is as wide as the viewport.
     */
    private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars");
    private static final String LOCALE = "en-GB";
    private static final int WIDTH = 1440;
    private static final int HEIGHT = 900;

    /** A request the page made, as the browser sent it. */
    record Request(String method, String path, Map<String, String> headers) {

        /** A header's value; header names are case-insensitive. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ChromeDriver driver;
    private final Duration wait;
    private DevTools devTools;

    private Chromium(ChromeDriver driver, Duration wait) {
        this.driver = driver;
        this.wait = wait;
    }

    /** Starts the browser; {@code wait} bounds every wait, a page load included. Its first tab is current. */
    static Chromium launch(Duration wait) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(ARGS);
        // navigator.language and Accept-Language (the locale override below is for Intl)
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", LOCALE));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(wait).scriptTimeout(wait);
        Chromium chromium = new Chromium(driver, wait);
        chromium.emulate();
        return chromium;
    }

    /** Opens a new tab and makes it the current one. */
    String newTab() {
        driver.switchTo().newWindow(WindowType.TAB);
        emulate();
        return driver.getWindowHandle();
    }

    /** Closes {@code tab} and makes {@code then} the current tab. */
    void close(String tab, String then) {
        driver.switchTo().window(tab);
        driver.close();
        driver.switchTo().window(then);
    }

    /** The current tab. */
    String tab() {
        return driver.getWindowHandle();
    }

    /**
     * Records from now on every request the current tab makes to a path under {@code pathPrefix}, with the headers
     * it carries (names lower-cased), and reports the tab's console errors and uncaught exceptions on
     * {@code log}. One tab at a time.
     */
    List<Request> watch(String pathPrefix, Consumer<String> log) {
        List<Request> requests = new CopyOnWriteArrayList<>();
        devTools = driver.getDevTools();
        devTools.createSession(driver.getWindowHandle());
        devTools.send(Network.enable(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
        devTools.addListener(Network.requestWillBeSent(), sent -> {
            URI url = URI.create(sent.getRequest().getUrl());
            if (url.getPath() != null && url.getPath().startsWith(pathPrefix)) {
                Map<String, String> headers = new HashMap<>();
                sent.getRequest().getHeaders().forEach((name, value) ->
                        headers.put(name.toLowerCase(Locale.ROOT), String.valueOf(value)));
                requests.add(new Request(sent.getRequest().getMethod(), url.getPath(), Map.copyOf(headers)));
            }
        });
        devTools.getDomains().events().addConsoleListener(event -> {
            if ("error".equals(event.getType())) {
                log.accept("browser console: " + String.join(" ", event.getMessages()));
            }
        });
        devTools.getDomains().events().addJavascriptExceptionListener(e -> log.accept("page error: " + e.getRawMessage()));
        return requests;
    }

    void open(String url) {
        driver.get(url);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /** The fragment of the current address, empty when there is none. */
    String fragment() {
        String fragment = URI.create(url()).getRawFragment();
        return fragment == null ? "" : fragment;
    }

    /**
     * Waits until {@code condition} holds (not null, not false) and returns what it returned; an element replaced
     * or covered meanwhile is tried again.
     */
    <T> T until(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, wait, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(ElementNotInteractableException.class)
                .withMessage(what)
                .until(condition);
    }

    /** Waits until an element matching {@code css} is visible. */
    WebElement visible(String css) {
        return until("visible: " + css, ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until an element matching {@code css} whose text contains {@code text} (case and spacing aside) is visible. */
    WebElement visible(String css, String text) {
        String wanted = normalized(text);
        return until("visible: " + css + " with text '" + text + "'", d -> d.findElements(By.cssSelector(css)).stream()
                .filter(e -> normalized(e.getDomProperty("textContent")).contains(wanted) && e.isDisplayed())
                .findFirst().orElse(null));
    }

    /**
     * Waits until exactly one element matches {@code css} (two are a mistake in the test) and {@code read} returns
     * something other than null from it. The page re-renders live: an element replaced meanwhile is looked up
     * again.
     */
    private <T> T single(String css, Function<WebElement, T> read) {
        return until("exactly one element: " + css, d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            if (found.size() > 1) {
                throw new AssertionError(found.size() + " elements match " + css + ", one was expected");
            }
            return found.isEmpty() ? null : read.apply(found.get(0));
        });
    }

    /** The text content of the one element matching {@code css}. */
    String text(String css) {
        return single(css, e -> e.getDomProperty("textContent"));
    }

    /** The text content of every element matching {@code css}, in document order. */
    List<String> texts(String css) {
        return until("the texts of " + css, d -> d.findElements(By.cssSelector(css)).stream()
                .map(e -> e.getDomProperty("textContent")).toList());
    }

    /** The value of the one input matching {@code css}. */
    String value(String css) {
        return single(css, e -> e.getDomProperty("value"));
    }

    /** An attribute of the one element matching {@code css}; null when it has none. */
    String attribute(String css, String name) {
        return single(css, e -> Optional.ofNullable(e.getDomAttribute(name))).orElse(null);
    }

    int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    /** Whether the one input matching {@code css} can be typed into: enabled and not read-only. */
    boolean editable(String css) {
        // in an Optional: a bare false would read as "not yet" to the wait
        return single(css, e -> Optional.of(e.isEnabled() && e.getDomAttribute("readonly") == null)).orElseThrow();
    }

    /** Clicks the one element matching {@code css} once it is visible and enabled. */
    void click(String css) {
        single(css, e -> {
            if (!e.isDisplayed() || !e.isEnabled()) {
                return null;
            }
            e.click();
            return true;
        });
    }

    /** Types {@code text} into the one input matching {@code css}, in place of what it held. */
    void fill(String css, String text) {
        single(css, e -> {
            if (!e.isDisplayed()) {
                return null;
            }
            e.clear();
            e.sendKeys(text);
            return true;
        });
    }

    /** Runs {@code js} as the body of a function in the current tab ({@code arguments[i]}: {@code args}). */
    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** What the viewport shows, as PNG. */
    void screenshot(Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** The whole page, beyond the viewport, as PNG. */
    @SuppressWarnings("unchecked")
    void fullPageScreenshot(Path png) throws IOException {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        capture(png, 0, 0, ((Number) content.get("width")).doubleValue(),
                ((Number) content.get("height")).doubleValue());
    }

    /** The one element matching {@code css}, wherever it is on the page, as PNG. */
    @SuppressWarnings("unchecked")
    void elementScreenshot(String css, Path png) throws IOException {
        Map<String, Object> box = (Map<String, Object>) script("const r = document.querySelector(arguments[0])"
                + ".getBoundingClientRect(); return {x: r.left + window.scrollX, y: r.top + window.scrollY,"
                + " width: r.width, height: r.height};", css);
        capture(png, ((Number) box.get("x")).doubleValue(), ((Number) box.get("y")).doubleValue(),
                ((Number) box.get("width")).doubleValue(), ((Number) box.get("height")).doubleValue());
    }

    private void capture(Path png, double x, double y, double width, double height) throws IOException {
        Map<String, Object> clip = Map.of("x", Math.floor(x), "y", Math.floor(y), "scale", 1,
                "width", Math.ceil(width), "height", Math.ceil(height));
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
    }

    @Override
    public void close() {
        if (devTools != null) {
            devTools.close();
        }
        driver.quit();
    }

    /** The same window, clock and language in every tab, whatever the machine's. */
    private void emulate() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "UTC"));
        driver.executeCdpCommand("Emulation.setLocaleOverride", Map.of("locale", LOCALE));
    }

    private static String normalized(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }
}
