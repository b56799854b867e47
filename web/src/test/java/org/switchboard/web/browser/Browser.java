package org.switchboard.web.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium for a test, with its own fresh profile (so two of them are two unrelated people),
 * explicit waits that say what they waited for, PNG screenshots under {@code target/screenshots/} and the page's
 * own measurements (Resource Timing).
 */
final class Browser implements AutoCloseable {
  /** Debian's paths; {@code -Dswitchboard.chromium=...} and {@code -Dswitchboard.chromedriver=...} override them. */
  static final Path CHROMIUM = Path.of(System.getProperty("switchboard.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("switchboard.chromedriver", "/usr/bin/chromedriver"));
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Selenium warns on every start that it has no CDP bindings for this Chromium; we use none, so keep it quiet. */
  private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_VERSION_LOG.setLevel(Level.OFF);
  }

  /**
   * Counts the server's {@code ready} event on every EventSource the page opens, so a test can wait until the
   * page is really subscribed to live updates before it makes something happen. It only adds a listener.
   */
  private static final String LIVE_HOOK = """
      (function () {
        var Native = window.EventSource;
        if (!Native || Native.switchboardTest) return;
        window.__liveReady = 0;
        function Recording(url, init) {
          var source = new Native(url, init);
          source.addEventListener("ready", function () { window.__liveReady++; });
          return source;
        }
        Recording.prototype = Native.prototype;
        Recording.CONNECTING = 0; Recording.OPEN = 1; Recording.CLOSED = 2;
        Recording.switchboardTest = true;
        window.EventSource = Recording;
      })();
      """;

  /** What a browser can be asked to do besides the defaults. */
  enum Option {
    /** Scripts are off, as in a locked-down browser: pages must work as plain forms. */
    NO_JAVASCRIPT,
    /** Chromium records every network request the page makes (read with {@link #networkRequests()}). */
    NETWORK_LOG
  }

  /** A request the page made, as Resource Timing reports it. */
  record Resource(String url, String initiator, long decodedBytes, long transferBytes) {}

  private final String name;
  private final URI origin;
  private final Path profile;
  private final ChromeDriver driver;
  private final boolean javascript;
  private int shots;

  private Browser(String name, URI origin, Path profile, ChromeDriver driver, boolean javascript) {
    this.name = name;
    this.origin = origin;
    this.profile = profile;
    this.driver = driver;
    this.javascript = javascript;
  }

  /**
   * Starts a browser for the server at {@code origin}. Fails (does not skip) when Chromium is missing: CI installs
   * it, so a missing browser is a broken machine, not a reason to test less.
   */
  static Browser open(String name, URI origin, Option... options) {
    requireChromium();
    Set<Option> set = options.length == 0 ? EnumSet.noneOf(Option.class) : EnumSet.of(options[0], options);
    Path profile;
    try {
      profile = Files.createTempDirectory("switchboard-chromium-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions chrome = new ChromeOptions();
    chrome.setBinary(CHROMIUM.toFile());
    chrome.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--user-data-dir=" + profile, "--window-size=1024,768", "--hide-scrollbars",
        "--force-device-scale-factor=1", "--lang=en-US", "--disable-extensions", "--disable-default-apps",
        "--no-default-browser-check", "--disable-features=Translate,OptimizationHints,MediaRouter");
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("intl.accept_languages", "en-US,en");
    if (set.contains(Option.NO_JAVASCRIPT)) {
      prefs.put("profile.managed_default_content_settings.javascript", 2);
    }
    chrome.setExperimentalOption("prefs", prefs);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    if (set.contains(Option.NETWORK_LOG)) {
      logs.enable(LogType.PERFORMANCE, Level.ALL);
    }
    chrome.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().withSilent(true).build();
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, chrome);
    } catch (RuntimeException e) {
      deleteQuietly(profile);
      throw new IllegalStateException("Chromium did not start (" + CHROMIUM + " via " + CHROMEDRIVER + "): " + e, e);
    }
    boolean javascript = !set.contains(Option.NO_JAVASCRIPT);
    try {
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(60));
      if (javascript) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", LIVE_HOOK));
      }
    } catch (RuntimeException e) {
      driver.quit();
      deleteQuietly(profile);
      throw e;
    }
    return new Browser(name, origin, profile, driver, javascript);
  }

  private static void requireChromium() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("The browser tests need Debian's Chromium and ChromeDriver at " + CHROMIUM
          + " and " + CHROMEDRIVER + ", which are missing. Run .ci/run (it installs them), or: "
          + "sudo apt-get install chromium chromium-driver");
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  URI origin() {
    return origin;
  }

  /** Opens a path on the test server (or an absolute URL) and waits for the document to load. */
  void get(String pathOrUrl) {
    driver.get(origin.resolve(pathOrUrl).toString());
  }

  /** The current URL's path and query, e.g. {@code /c/3?view=all}. */
  String path() {
    URI uri = URI.create(driver.getCurrentUrl());
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  WebElement find(By by) {
    return waitUntil("an element " + by + " is visible", ExpectedConditions.visibilityOfElementLocated(by));
  }

  List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  /** Waits for a condition and fails with what was expected and where the browser was. */
  <T> T waitUntil(String expectation, Function<WebDriver, T> condition) {
    return waitUntil(expectation, Duration.ofMillis(50), condition);
  }

  /** Like {@link #waitUntil(String, Function)}, trying every {@code every} (for conditions that reload a page). */
  <T> T waitUntil(String expectation, Duration every, Function<WebDriver, T> condition) {
    try {
      // A live update or a page load may swap an element for a fresh copy between finding and reading it: Chromium
      // reports that either as a stale element or as a node that "does not belong to the document". Just look again.
      return new WebDriverWait(driver, TIMEOUT, every).ignoring(StaleElementReferenceException.class)
          .until(d -> {
            try {
              return condition.apply(d);
            } catch (WebDriverException e) {
              if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return null;
              }
              throw e;
            }
          });
    } catch (TimeoutException e) {
      String state;
      try {
        state = "it is at " + driver.getCurrentUrl() + " (screenshot " + screenshot("timeout") + "), console errors: "
            + consoleErrors();
      } catch (RuntimeException unavailable) {
        state = "the browser did not answer: " + unavailable;
      }
      throw new AssertionError(name + " waited " + TIMEOUT.toSeconds() + " s for " + expectation + "; " + state, e);
    }
  }

  /** Waits until the element's text contains {@code text}. */
  WebElement waitForText(By by, String text) {
    return waitUntil("\"" + text + "\" in " + by, d -> {
      List<WebElement> found = d.findElements(by);
      return !found.isEmpty() && found.get(0).getText().contains(text) ? found.get(0) : null;
    });
  }

  /** Waits until the browser shows the given path (ignoring query and fragment). */
  void waitForPath(String path) {
    waitUntil("the page " + path, d -> path.equals(URI.create(d.getCurrentUrl()).getPath()));
    waitUntil("the page to finish loading", d -> "complete".equals(js("return document.readyState")));
  }

  /** Clicks something that loads a new page, and waits until the old one is gone and the new one loaded. */
  void clickAndWaitForNewPage(WebElement element) {
    andWaitForNewPage("clicking " + element.getTagName(), element::click);
  }

  /** Does something that loads a new page (a click, a key press), then waits for the new page to load. */
  void andWaitForNewPage(String what, Runnable action) {
    WebElement html = driver.findElement(By.tagName("html"));
    action.run();
    waitUntil("a new page after " + what, ExpectedConditions.stalenessOf(html));
    waitUntil("the page to finish loading", d -> "complete".equals(js("return document.readyState")));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Puts a random marker on {@code window}; {@link #stillSamePage(String)} is true until the page reloads. */
  String markPage() {
    String marker = UUID.randomUUID().toString();
    js("window.__pageMarker = arguments[0];", marker);
    return marker;
  }

  boolean stillSamePage(String marker) {
    return marker.equals(js("return window.__pageMarker || null;"));
  }

  /** Waits until the current page's live stream (server-sent events) is subscribed on the server. */
  void waitForLiveUpdates() {
    if (!javascript) {
      throw new IllegalStateException("no live updates without JavaScript");
    }
    waitUntil("the page's live event stream to be ready", d -> {
      Object ready = js("return window.__liveReady || 0;");
      return ready instanceof Number n && n.intValue() > 0;
    });
  }

  /** Saves a PNG of the viewport as {@code target/screenshots/<browser>-<nn>-<step>.png}. */
  Path screenshot(String step) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(String.format("%s-%02d-%s.png", name, ++shots, step));
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document and everything it loaded so far (Resource Timing; requests still open are not listed yet). */
  List<Resource> resources() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> entries = (List<Map<String, Object>>) js("""
        return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
          .map(function (e) { return {url: e.name, initiator: e.initiatorType || 'navigation',
            decoded: e.decodedBodySize, transfer: e.transferSize}; });
        """);
    List<Resource> resources = new ArrayList<>();
    for (Map<String, Object> e : entries) {
      resources.add(new Resource((String) e.get("url"), (String) e.get("initiator"),
          ((Number) e.get("decoded")).longValue(), ((Number) e.get("transfer")).longValue()));
    }
    return resources;
  }

  /**
   * Every request URL the page under test sent since the last call (needs {@link Option#NETWORK_LOG}): requests of
   * this tab's own DevTools target only. Chromium also logs what its own pages load (the new-tab page,
   * {@code chrome://} and {@code chrome-untrusted://} frames, in other targets or before the first navigation);
   * those are set aside in {@link NetworkLog#browserOwn()} so a test can show them, but they are not the page's.
   */
  List<String> networkRequests() {
    return networkLog().page();
  }

  /** The requests Chromium logged since the last call, split into the page's own and the browser's own. */
  NetworkLog networkLog() {
    String target = targetId();
    List<String> page = new ArrayList<>();
    List<String> browserOwn = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      try {
        JsonNode logged = JSON.readTree(entry.getMessage());
        JsonNode message = logged.path("message");
        if (!message.path("method").asText().equals("Network.requestWillBeSent")) {
          continue;
        }
        JsonNode params = message.path("params");
        String url = params.path("request").path("url").asText();
        boolean ours = logged.path("webview").asText().equals(target)
            && !isBrowserInternal(params.path("documentURL").asText()) && !isBrowserInternal(url);
        (ours ? page : browserOwn).add(url);
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable performance log entry", e);
      }
    }
    return new NetworkLog(page, browserOwn);
  }

  /** What {@link #networkLog()} found: the page's requests, and the browser's own that were left out. */
  record NetworkLog(List<String> page, List<String> browserOwn) {}

  /** The DevTools target id of this browser's tab: the performance log names it as each entry's "webview". */
  private String targetId() {
    Map<String, Object> info = driver.executeCdpCommand("Target.getTargetInfo", Map.of());
    return String.valueOf(((Map<?, ?>) info.get("targetInfo")).get("targetId"));
  }

  /** Pages and resources Chromium serves itself, which no web page can request. */
  static boolean isBrowserInternal(String url) {
    return url.startsWith("chrome:") || url.startsWith("chrome-untrusted:") || url.startsWith("chrome-search:")
        || url.startsWith("chrome-extension:") || url.startsWith("devtools:");
  }

  /** Console errors (script errors, CSP violations, failed loads) since the last call. */
  List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    return errors;
  }

  /** Emulates the user's dark or light colour-scheme preference ({@code prefers-color-scheme}). */
  void colorScheme(String scheme) {
    driver.executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temp folder Chromium still writes to while exiting; the OS cleans it up
    }
  }
}
