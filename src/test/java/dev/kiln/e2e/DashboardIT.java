package dev.kiln.e2e;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver} packages, driven by Selenium through
 * {@code /usr/bin/chromedriver} so nothing is downloaded): the key form, a job started
 * from a recipe whose loss curve gains points while it trains, its confusion matrix, a
 * digit drawn on the canvas and predicted, and two jobs compared on one chart.
 * Screenshots go to {@code target/screenshots/}. Skipped without Chromium locally; CI
 * must have it.
 */
class DashboardIT extends KilnServerIT {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration TRAINING = Duration.ofMinutes(4);

	/**
	 * A folder of this run's own: an earlier run's file of the same name would be found
	 * instead.
	 */
	private static final Path DOWNLOADS = Path.of("target", "it-downloads", UUID.randomUUID().toString())
		.toAbsolutePath();

	private WebDriver browser;

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void thePageAndItsFilesLoadWithoutAKeyUnderAStrictContentSecurityPolicy() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (String path : List.of("/", "/index.html", "/assets/app.js", "/assets/style.css",
				"/recipes/iris-mlp.json")) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
				.hasValueSatisfying(
						(policy) -> assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline"));
		}
		HttpResponse<String> index = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/recipes/index.json")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(KilnClient.JSON.readTree(index.body()).get("recipes").values().stream().map((n) -> n.asString()))
			.contains("iris-mlp.json", "digits8x8-cnn.json", "fashion-mnist-6-cnn.json");
		// the API itself stays closed
		HttpResponse<String> jobs = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/jobs")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(jobs.statusCode()).isEqualTo(401);
	}

	/**
	 * New names cannot hold control or bidirectional-format characters, but rows stored
	 * before the name standard may: the page shows such characters as {@code <U+XXXX>}
	 * rather than letting a right-to-left override turn "evil.exe" into "exe.live".
	 */
	@Test
	void aStoredNameWithHiddenCharactersIsShownWithThemSpelledOut() throws Exception {
		String jobId = this.kiln.submit("""
				{"name": "plain", "dataset": "iris", "model": {"input": [4], "layers": [
				  {"type": "output", "units": 3}]}, "training": {"epochs": 1}}""");
		this.jdbc.update("update job set name = ? where id = ?", "\u202eevil.exe\nline two", UUID.fromString(jobId));
		this.browser = startChromium();
		this.browser.get("http://localhost:" + this.port + "/#/jobs/" + jobId);
		WebElement keyInput = await(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
		keyInput.sendKeys(this.kiln.apiKey());
		keyInput.submit();
		WebElement title = await(
				ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[contains(., 'evil.exe')]")));
		assertThat(title.getText()).isEqualTo("<U+202E>evil.exe<U+000A>line two");
		this.browser.get("http://localhost:" + this.port + "/#/");
		WebElement link = await(
				ExpectedConditions.visibilityOfElementLocated(By.cssSelector("a[href='#/jobs/" + jobId + "']")));
		assertThat(link.getText()).isEqualTo("<U+202E>evil.exe<U+000A>line two");
	}

	@Test
	void aJobStartedFromARecipeIsWatchedLiveEvaluatedTriedAndCompared() throws Exception {
		this.browser = startChromium();
		this.browser.get("http://localhost:" + this.port + "/");

		// the page asks for a key; a wrong one brings the form back with a reason
		WebElement keyInput = await(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
		keyInput.sendKeys("kiln_" + "A".repeat(43));
		keyInput.submit();
		await(ExpectedConditions.textToBePresentInElementLocated(By.id("key-error"), "does not know"));
		screenshot("dashboard-key.png");
		keyInput.sendKeys(this.kiln.apiKey());
		keyInput.submit();
		await(ExpectedConditions.invisibilityOfElementLocated(By.id("key-panel")));
		JavascriptExecutor script = (JavascriptExecutor) this.browser;
		assertThat(script.executeScript("return sessionStorage.getItem('kiln.apiKey')")).isEqualTo(this.kiln.apiKey());
		assertThat(script.executeScript("return localStorage.length")).isEqualTo(0L);

		// a digits CNN from its recipe, with fewer epochs
		String digitsJob = startFromRecipe("digits8x8-cnn.json", 10);
		List<Integer> pointCounts = new ArrayList<>();
		By lossPoints = By.cssSelector("#loss-chart svg circle.point");
		WebDriverWait watch = new WebDriverWait(this.browser, TRAINING, Duration.ofMillis(100));
		watch.until((driver) -> !driver.findElements(lossPoints).isEmpty());
		pointCounts.add(this.browser.findElements(lossPoints).size());
		watch.until((driver) -> driver.findElements(lossPoints).size() > pointCounts.get(0));
		pointCounts.add(this.browser.findElements(lossPoints).size());
		assertThat(status()).as("still training while its curve grew").isEqualTo("RUNNING");
		await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#checkpoints tbody tr")));
		screenshot("dashboard-training.png");
		assertThat(this.browser.findElement(By.id("live-mode")).getText()).matches("Live.*|Updating every second.*");

		watch.until((driver) -> "SUCCEEDED".equals(status()));
		// both curves have a point per epoch in the end
		watch.until((driver) -> driver.findElements(lossPoints).size() == 20);
		assertThat(this.browser.findElements(By.cssSelector("#rate-chart svg circle.point"))).hasSize(10);
		assertThat(this.browser.findElements(By.cssSelector("#layers table.layers tbody tr"))).hasSize(5);
		await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#checkpoints tr.best")));

		// the best checkpoint downloads with the key, byte for byte
		this.browser.findElement(By.cssSelector("#checkpoints tr.best button")).click();
		JsonNode best = this.kiln.get("/api/v1/jobs/" + digitsJob + "/checkpoints").json();
		String bestId = best.get("bestCheckpointId").asString();
		JsonNode info = this.kiln.get("/api/v1/checkpoints/" + bestId).json();
		Path downloaded = DOWNLOADS.resolve("digits8x8-cnn-epoch-" + info.get("epoch").asInt() + ".zip");
		await((driver) -> Files.isRegularFile(downloaded));
		await((driver) -> sha256(downloaded).equals(info.get("sha256").asString()));

		// the confusion matrix of the test evaluation
		this.browser.findElement(By.cssSelector("#evaluation-details > summary")).click();
		List<WebElement> cells = await(
				ExpectedConditions.numberOfElementsToBe(By.cssSelector("#evaluation table.heatmap td.heat"), 100));
		int counted = cells.stream().mapToInt((cell) -> Integer.parseInt(cell.getText())).sum();
		int examples = this.kiln.get("/api/v1/jobs/" + digitsJob + "/evaluation").json().get("examples").asInt();
		assertThat(counted).as("the cells add up to the test examples").isEqualTo(examples);
		assertThat(this.browser.findElements(By.cssSelector("#evaluation table.per-class tbody tr"))).hasSize(10);
		scrollTo(By.id("evaluation-details"));
		screenshot("dashboard-confusion-matrix.png");

		// draw a stroke on the canvas and have the job predict it
		WebElement canvas = scrollTo(By.cssSelector("canvas.drawpad"));
		new Actions(this.browser).moveToElement(canvas, -60, -100)
			.clickAndHold()
			.moveByOffset(60, 0)
			.moveByOffset(40, 0)
			.moveByOffset(-20, 60)
			.moveByOffset(-20, 60)
			.moveByOffset(-20, 70)
			.release()
			.perform();
		this.browser.findElement(By.id("predict")).click();
		WebElement label = await(ExpectedConditions.visibilityOfElementLocated(By.id("predicted-label")));
		List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
		assertThat(label.getText()).isIn(classes);
		List<WebElement> probabilities = this.browser.findElements(By.cssSelector("#prediction meter"));
		assertThat(probabilities).hasSize(10);
		double total = probabilities.stream()
			.mapToDouble((meter) -> Double.parseDouble(meter.getDomProperty("value")))
			.sum();
		assertThat(total).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.01));
		screenshot("dashboard-prediction.png");

		// a second job, then both on one chart
		String irisJob = startFromRecipe("iris-mlp.json", 15);
		watch.until((driver) -> "SUCCEEDED".equals(status()));
		// a tabular model gets a form of its features
		List<String> features = List.of("5.1", "3.5", "1.4", "0.2");
		List<WebElement> inputs = this.browser.findElements(By.cssSelector("#try-it input[type=number]"));
		assertThat(inputs).hasSize(4);
		for (int i = 0; i < inputs.size(); i++) {
			inputs.get(i).sendKeys(features.get(i));
		}
		this.browser.findElement(By.id("predict")).click();
		await(ExpectedConditions.textToBePresentInElementLocated(By.id("predicted-label"), "setosa"));
		assertThat(this.browser.findElements(By.cssSelector("#prediction meter"))).hasSize(3);
		this.browser.get("http://localhost:" + this.port + "/#/");
		for (String id : List.of(digitsJob, irisJob)) {
			await(ExpectedConditions.elementToBeClickable(By.cssSelector("input.compare-box[data-id='" + id + "']")))
				.click();
		}
		screenshot("dashboard-jobs.png");
		await(ExpectedConditions.elementToBeClickable(By.id("compare-button"))).click();
		List<WebElement> series = await(
				ExpectedConditions.numberOfElementsToBe(By.cssSelector("#compare-chart svg g.series"), 2));
		assertThat(series.get(0).findElements(By.cssSelector("circle.point"))).hasSize(10);
		assertThat(series.get(1).findElements(By.cssSelector("circle.point"))).hasSize(15);
		screenshot("dashboard-compare.png");

		// a phone-sized window gets the same page in one column
		this.browser.manage().window().setSize(new org.openqa.selenium.Dimension(420, 1400));
		this.browser.get("http://localhost:" + this.port + "/#/jobs/" + digitsJob);
		await(ExpectedConditions.numberOfElementsToBe(lossPoints, 20));
		screenshot("dashboard-narrow.png");

		List<String> console = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.toList();
		// the log is read at all: the refused key of the start is in it
		assertThat(console).anyMatch((message) -> message.contains("401"));
		List<String> blocked = console.stream()
			.filter((message) -> message.contains("Content Security Policy") || message.contains("Uncaught"))
			.toList();
		assertThat(blocked).as("script errors or policy violations in the console").isEmpty();
		assertThat(console).as("the page's icon is served").noneMatch((message) -> message.contains("favicon"));
	}

	/**
	 * Picks a recipe in the new-job form, sets its epochs, starts it; answers the job id.
	 */
	private String startFromRecipe(String recipe, int epochs) throws Exception {
		this.browser.get("http://localhost:" + this.port + "/#/new");
		WebElement select = await(ExpectedConditions.presenceOfElementLocated(By.id("recipe")));
		await((driver) -> new Select(select).getOptions().size() > 1);
		new Select(select).selectByValue(recipe);
		String name = recipe.replace(".json", "");
		await((driver) -> name.equals(driver.findElement(By.id("job-name")).getDomProperty("value")));
		WebElement epochsInput = this.browser.findElement(By.id("epochs"));
		epochsInput.clear();
		epochsInput.sendKeys(Integer.toString(epochs));
		if (epochs == 10) {
			screenshot("dashboard-new-job.png");
		}
		this.browser.findElement(By.id("start-job")).click();
		await((driver) -> driver.getCurrentUrl().matches(".*#/jobs/[0-9a-f-]{36}$"));
		String url = this.browser.getCurrentUrl();
		return url.substring(url.lastIndexOf('/') + 1);
	}

	private static String sha256(Path file) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		}
		catch (Exception ex) {
			return "unreadable: " + ex;
		}
	}

	private String status() {
		return this.browser.findElement(By.id("job-summary")).getDomAttribute("data-status");
	}

	private WebElement scrollTo(By locator) {
		WebElement element = await(ExpectedConditions.visibilityOfElementLocated(locator));
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
		return element;
	}

	private <T> T await(java.util.function.Function<? super WebDriver, T> condition) {
		return new WebDriverWait(this.browser, Duration.ofSeconds(30), Duration.ofMillis(100)).until(condition);
	}

	private void screenshot(String name) throws Exception {
		Files.createDirectories(SCREENSHOTS);
		File file = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Path target = SCREENSHOTS.resolve(name);
		Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		assertThat(target).isNotEmptyFile();
	}

	/**
	 * Headless Debian Chromium through its own chromedriver: Selenium downloads nothing.
	 */
	private static WebDriver startChromium() throws Exception {
		boolean ci = System.getenv("CI") != null;
		assumeTrue(ci || (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)),
				"Chromium or its driver is not installed (apt-get install chromium chromium-driver)");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1280,1400", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync",
				"--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		Files.createDirectories(DOWNLOADS);
		options.setExperimentalOption("prefs",
				Map.of("download.prompt_for_download", false, "download.default_directory", DOWNLOADS.toString()));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

}
