package io.valet.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Selenium and Debian's chromedriver. Each instance
 * starts with an empty profile, so it contains no cookie from an earlier test.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    public static final Dimension DESKTOP = new Dimension(1280, 900);
    public static final Dimension PHONE = new Dimension(390, 844);

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts Chromium, or skips the calling test when Debian's chromium or chromedriver is missing. */
    public static HeadlessChromium start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                        + ": apt-get install -y chromium chromium-driver");

        Path profile;
        try {
            profile = Files.createTempDirectory("valet-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to create a Chromium profile directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // These flags stop Chromium's own background connections, which on a machine without
        // network access would keep retrying.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        // A form post or link click returns before the next page exists; lookups retry until it does.
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return new HeadlessChromium(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Saves the current page as target/screenshots/NAME-desktop.png and NAME-phone.png, then
     * restores the desktop size.
     */
    public void screenshot(String name) {
        capture(name + "-desktop", DESKTOP);
        capture(name + "-phone", PHONE);
        driver.manage().window().setSize(DESKTOP);
    }

    private void capture(String fileName, Dimension size) {
        driver.manage().window().setSize(size);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(fileName + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to save screenshot " + fileName, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to delete the Chromium profile " + profile, e);
        }
    }
}
