package io.mllifecycle.report;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium from Debian ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}) driven by
 * Selenium. {@link #start} throws when no browser can be started: browser tests fail, never skip.
 */
public final class Browser implements AutoCloseable {
    /** Where {@link #screenshot} saves, relative to the module being tested. */
    public static final Path SCREENSHOTS = Path.of("target/screenshots");
    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts headless Chromium; throws (never skips) when it cannot. */
    public static Browser start() {
        String binary = firstExisting(System.getProperty("chromium.binary"), "/usr/lib/chromium/chromium", "/usr/bin/chromium");
        String chromedriver = firstExisting(System.getProperty("chromedriver"), "/usr/bin/chromedriver");
        if (binary == null || chromedriver == null) {
            throw new IllegalStateException("no browser: need Debian's chromium and chromium-driver "
                    + "(apt-get install -y chromium chromium-driver; .ci/run installs them), found binary=" + binary
                    + ", chromedriver=" + chromedriver);
        }
        try {
            Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(binary);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1200,900",
                    "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            Files.createDirectories(SCREENSHOTS);
            return new Browser(driver);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) {
            if (p != null && Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    /** Opens a page and returns the console entries it logged at SEVERE (errors). */
    public List<String> open(Path file) {
        driver.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
        driver.get(file.toAbsolutePath().toUri().toString());
        return errors();
    }

    /** Opens a URL and returns the console entries it logged at SEVERE (errors). */
    public List<String> open(String url) {
        driver.manage().logs().get(LogType.BROWSER);
        driver.get(url);
        return errors();
    }

    /** @return the console entries logged at SEVERE since the last call */
    public List<String> errors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Emulates a screen width (CSS pixels) and print or screen media. */
    public void emulate(int width, boolean print) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900,
                "deviceScaleFactor", 1, "mobile", width < 700));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", print ? "print" : "screen"));
    }

    /** Saves a screenshot of the whole page (beyond the viewport) as a PNG. */
    public Path screenshot(String name) {
        Number width = (Number) js("return document.documentElement.scrollWidth");
        Number height = (Number) js("return Math.min(document.documentElement.scrollHeight, 12000)");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Path out = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.write(out, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
