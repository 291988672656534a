package dev.kiln.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Swagger UI, rendered by a real headless Chromium (Debian's {@code chromium} package),
 * shows every endpoint of the API. CI installs Chromium; elsewhere the test needs it on
 * the PATH (it is skipped, and says so, without it).
 */
class SwaggerUiIT extends KilnServerIT {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final List<String> ENDPOINTS = List.of("/api/v1/datasets", "/api/v1/datasets/{id}", "/api/v1/jobs",
			"/api/v1/jobs/{id}", "/api/v1/jobs/{id}/cancel", "/api/v1/jobs/{id}/metrics",
			"/api/v1/jobs/{id}/checkpoints", "/api/v1/jobs/{id}/evaluation", "/api/v1/jobs/{id}/predict",
			"/api/v1/checkpoints/{id}", "/api/v1/checkpoints/{id}/download");

	@Test
	void swaggerUiListsEveryEndpoint() throws Exception {
		boolean ci = System.getenv("CI") != null;
		assumeTrue(ci || Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium)");
		String page = "http://localhost:" + this.port + "/swagger-ui.html";

		String dom = chromium("--dump-dom", page);
		Path screenshot = Path.of("target", "screenshots", "swagger-ui.png").toAbsolutePath();
		Files.createDirectories(screenshot.getParent());
		chromium("--window-size=1280,1800", "--screenshot=" + screenshot, page);

		assertThat(dom).contains("Kiln API");
		for (String endpoint : ENDPOINTS) {
			assertThat(dom).as(endpoint).contains("data-path=\"" + endpoint + "\"");
		}
		assertThat(screenshot).isNotEmptyFile();
	}

	/**
	 * Runs headless Chromium with the flags a closed network needs, and returns what it
	 * printed.
	 */
	private static String chromium(String... arguments) throws IOException, InterruptedException {
		Path profile = Files.createTempDirectory("chromium-profile");
		List<String> command = new ArrayList<>(
				List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
						"--no-first-run", "--disable-background-networking", "--disable-component-update",
						"--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=15000"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
		assertThat(process.exitValue()).as("chromium's exit code").isZero();
		return new String(output, StandardCharsets.UTF_8);
	}

}
