package dev.hookbus.validator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.WithAirtableEmulator;
import dev.hookbus.devstack.WithKafkaBroker;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** The status page in a real headless browser (Debian's chromium and chromium-driver). */
@QuarkusTest
@WithKafkaBroker
@WithAirtableEmulator
@TestProfile(StatusPageBrowserTest.WithRoots.class)
class StatusPageBrowserTest {
    static final String XSS = "<script>alert(1)</script>";

    public static class WithRoots implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path root = Files.createTempDirectory("validator-page");
                Path agent = root.resolve("pagemkt/plugins/p/agents/reviewer.md");
                Files.createDirectories(agent.getParent());
                Files.writeString(agent, "---\nname: reviewer\ndescription: Reviews\n---\n");
                return Map.of("validator.roots", root.toString(), "validator.schedule.every", "off");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    AirtableEmulatorProcess emulator;

    @TestHTTPResource("/")
    URL page;

    @Test
    void countsAndADriftedComponentRenderAndMarkupInDataIsShownAsText() throws IOException {
        // a record whose file does not exist, under a key an attacker chose
        emulator.admin("POST", "bases/appHookbusLocal01/tables/Agents/records",
                "{\"records\":[{\"fields\":{\"Agent Name\":\"x\",\"Sync Key\":\"pagemkt/p/agents/" + XSS.replace("\"", "\\\"") + "\"}}]}");
        // a record of the file's key edited by hand: Stale, with its differing fields
        emulator.admin("POST", "bases/appHookbusLocal01/tables/Agents/records",
                "{\"records\":[{\"fields\":{\"Agent Name\":\"x\",\"Sync Key\":\"pagemkt/p/agents/reviewer\"}}]}");
        given().post("/api/reconcile").then().statusCode(200).body("drift", equalTo(4));
        given().get("/").then().statusCode(200).body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"))
                .body(containsString("<meta http-equiv=\"refresh\""));

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--window-size=1400,1400", "--user-data-dir=" + tempDir());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(page.toString());
            assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
            List<WebElement> headers = browser.findElements(By.cssSelector("#counts th"));
            List<WebElement> counts = browser.findElements(By.cssSelector("#counts td.count"));
            assertThat(headers).extracting(WebElement::getText).containsExactly("synced", "missing", "stale", "orphaned", "duplicate", "invalid");
            assertThat(counts).extracting(WebElement::getText).containsExactly("0", "2", "1", "1", "0", "0");
            List<String> keys = browser.findElements(By.cssSelector("#drift .key")).stream().map(WebElement::getText).toList();
            assertThat(keys).contains("pagemkt/p/agents/reviewer", "pagemkt/p/agents/" + XSS);
            // drifted components with their differing fields come first
            assertThat(keys.get(0)).isEqualTo("pagemkt/p/agents/reviewer");
            List<String> differences = browser.findElements(By.cssSelector("#drift tr.drift-row")).get(0)
                    .findElements(By.cssSelector(".difference")).stream().map(WebElement::getText).toList();
            assertThat(differences).contains("~ Agent Name: \"x\" \u2192 \"reviewer\"", "~ Purpose: (empty) \u2192 \"Reviews\"");
            assertThat(browser.findElement(By.id("summary")).getText()).containsPattern("checked \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC");
            java.nio.file.Path shot = java.nio.file.Path.of("target/surefire-reports/status-page.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            assertThat(browser.findElements(By.tagName("script"))).isEmpty();
        } finally {
            browser.quit();
        }
        given().get("/q/metrics").then().body(containsString("hookbus_validator_components{state=\"missing\"} 2.0"));
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("chromium-profile").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
