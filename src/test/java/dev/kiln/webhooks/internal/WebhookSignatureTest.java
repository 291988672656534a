package dev.kiln.webhooks.internal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

	@Test
	void theMacIsHmacSha256AsRfc4231DefinesIt() {
		// RFC 4231, test case 2
		byte[] mac = WebhookSignature.hmac("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
		assertThat(HexFormat.of().formatHex(mac))
			.isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}

	@Test
	void theHeaderSignsTheTimestampADotAndTheExactBody() {
		byte[] body = "{\"id\":\"d1\",\"type\":\"job.succeeded\"}".getBytes(StandardCharsets.UTF_8);
		String header = WebhookSignature.header("whsec_test", 1700000000L, body);

		assertThat(header).startsWith("t=1700000000,v1=");
		String expected = HexFormat.of()
			.formatHex(WebhookSignature.hmac("whsec_test",
					("1700000000." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
		assertThat(header).isEqualTo("t=1700000000,v1=" + expected);
	}

	@Test
	void anyChangeOfSecretTimestampOrBodyChangesTheSignature() {
		byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
		String header = WebhookSignature.header("s1", 100, body);
		assertThat(WebhookSignature.header("s2", 100, body)).isNotEqualTo(header);
		assertThat(WebhookSignature.header("s1", 101, body).substring(9)).isNotEqualTo(header.substring(8));
		assertThat(WebhookSignature.header("s1", 100, "{\"a\":2}".getBytes(StandardCharsets.UTF_8)))
			.isNotEqualTo(header);
		assertThat(WebhookSignature.header("s1", 100, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8)))
			.isNotEqualTo(header);
	}

}
