package dev.kiln.webhooks.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Kiln-Signature} header: {@code t=<unix seconds>,v1=<hex>}, where the hex is
 * HMAC-SHA256, keyed with the tenant's secret (its UTF-8 bytes), of
 * {@code "<unix seconds>." + body}. Signing the timestamp with the body lets a receiver
 * refuse an old notice replayed to it.
 */
final class WebhookSignature {

	static final String HEADER = "Kiln-Signature";

	private WebhookSignature() {
	}

	static String header(String secret, long timestamp, byte[] body) {
		return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(secret, signedBytes(timestamp, body)));
	}

	/** What is signed: the timestamp, a dot, the exact body. */
	static byte[] signedBytes(long timestamp, byte[] body) {
		byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
		byte[] signed = new byte[prefix.length + body.length];
		System.arraycopy(prefix, 0, signed, 0, prefix.length);
		System.arraycopy(body, 0, signed, prefix.length, body.length);
		return signed;
	}

	static byte[] hmac(String secret, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is unavailable", ex);
		}
	}

}
