package dev.kiln.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds Kiln's problem documents: {@code type} is {@code /problems/<slug>}, and field
 * errors go in an {@code errors} extension member.
 */
public final class Problems {

	/** The characters a path and query may hold as they are (RFC 3986), bar '%'. */
	private static final String URI_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
			+ "-._~!$&'()*+,;=:@/?";

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("/problems/" + type));
		problem.setTitle(title);
		return problem;
	}

	public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail,
			List<InvalidField> errors) {
		ProblemDetail problem = of(status, type, title, detail);
		if (!errors.isEmpty()) {
			problem.setProperty("errors", errors);
		}
		return problem;
	}

	/**
	 * The request's target as the client sent it, as an ASCII URI reference even when it
	 * is not one (Tomcat refused it because of what it holds): what cannot stand in a URI
	 * is percent-encoded (as UTF-8). Empty when Tomcat could not read a target at all.
	 */
	public static URI instance(String requestUri) {
		if (requestUri == null) {
			return URI.create("");
		}
		StringBuilder encoded = new StringBuilder();
		byte[] bytes = requestUri.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i++) {
			char c = (char) (bytes[i] & 0xFF);
			boolean escape = c == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
			if (escape || (c < 128 && URI_CHARACTERS.indexOf(c) >= 0)) {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
			}
		}
		return URI.create(encoded.toString());
	}

	private static boolean isHex(byte b) {
		return Character.digit(b, 16) >= 0;
	}

}
