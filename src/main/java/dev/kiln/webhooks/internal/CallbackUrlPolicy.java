package dev.kiln.webhooks.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.kiln.webhooks.CallbackPolicy;
import dev.kiln.webhooks.WebhooksProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The allow-list for callback URLs. A URL passes when it is an absolute {@code http(s)}
 * URL without credentials, its host matches {@code kiln.webhooks.allowed-hosts} (when
 * that is set), and every address the host resolves to is public or inside
 * {@code kiln.webhooks.allowed-networks}. IP addresses must be written in the usual
 * dotted form: decimal, hex, octal and shortened forms ({@code 2130706433},
 * {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1}) are refused rather than
 * interpreted, since clients disagree about what they mean.
 */
@Component
class CallbackUrlPolicy implements CallbackPolicy {

	private static final Pattern DOTTED_QUAD = Pattern
		.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

	/**
	 * The last label of a host name is never numeric; one that is makes an IP literal.
	 */
	private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(^|.*\\.)(0x[0-9a-f]*|[0-9]+)");

	private static final String NOT_DOTTED = "an IP address must be written as four decimal numbers (a.b.c.d); got ";

	/** Looks a host up; the JDK's resolver, or a fixed table in tests. */
	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	private final List<String> allowedHosts;

	private final List<Cidr> allowedNetworks;

	private final Resolver resolver;

	@Autowired
	CallbackUrlPolicy(WebhooksProperties properties) {
		this(properties, InetAddress::getAllByName);
	}

	CallbackUrlPolicy(WebhooksProperties properties, Resolver resolver) {
		this.allowedHosts = properties.allowedHosts()
			.stream()
			.map((host) -> host.strip().toLowerCase(Locale.ROOT))
			.toList();
		this.allowedNetworks = properties.allowedNetworks().stream().map(Cidr::parse).toList();
		this.resolver = resolver;
	}

	@Override
	public Optional<String> refusal(String url) {
		try {
			check(url);
			return Optional.empty();
		}
		catch (Refused ex) {
			return Optional.of(ex.getMessage());
		}
	}

	/** The addresses a URL that passes may be reached at. */
	List<InetAddress> check(String url) {
		if (url == null || url.isBlank()) {
			throw new Refused("is required: an absolute http or https URL");
		}
		if (url.length() > MAX_URL_LENGTH) {
			throw new Refused("must be at most " + MAX_URL_LENGTH + " characters; got " + url.length());
		}
		if (url.chars().anyMatch((c) -> c <= ' ' || c == 0x7f)) {
			throw new Refused("must not contain spaces or control characters");
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new Refused("is not a valid URL: " + ex.getReason());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (scheme == null || !uri.isAbsolute()) {
			throw new Refused("must be an absolute http or https URL");
		}
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new Refused("must use http or https; got " + shorten(scheme));
		}
		if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
			throw new Refused("must not contain credentials (user:password@)");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			String authority = (uri.getRawAuthority() != null) ? uri.getRawAuthority().replaceFirst(":[0-9]*$", "")
					: "";
			if (NUMERIC_LAST_LABEL.matcher(authority.toLowerCase(Locale.ROOT)).matches()) {
				throw new Refused(NOT_DOTTED + shorten(authority));
			}
			throw new Refused(authority.isEmpty() ? "must name a host" : "must name a valid host name or IP address");
		}
		String host = host(uri);
		if (!this.allowedHosts.isEmpty() && this.allowedHosts.stream().noneMatch((pattern) -> matches(pattern, host))) {
			throw new Refused("host " + shorten(host) + " is not in kiln.webhooks.allowed-hosts");
		}
		return addresses(host);
	}

	private static String host(URI uri) {
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		if (host.startsWith("[") && host.endsWith("]")) {
			return host.substring(1, host.length() - 1);
		}
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		if (NUMERIC_LAST_LABEL.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches()) {
			throw new Refused(NOT_DOTTED + shorten(host));
		}
		return host;
	}

	private static boolean matches(String pattern, String host) {
		if (pattern.startsWith("*.")) {
			return host.endsWith(pattern.substring(1));
		}
		return pattern.equals(host);
	}

	private List<InetAddress> addresses(String host) {
		InetAddress[] addresses;
		try {
			addresses = this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			throw new Refused("host " + shorten(host) + " does not resolve");
		}
		if (addresses == null || addresses.length == 0) {
			throw new Refused("host " + shorten(host) + " does not resolve");
		}
		for (InetAddress address : addresses) {
			if (this.allowedNetworks.stream().anyMatch((network) -> network.contains(address))) {
				continue;
			}
			Optional<String> kind = NonPublicRanges.describe(address);
			if (kind.isPresent()) {
				String what = host.equals(address.getHostAddress()) ? "is " : "resolves to ";
				throw new Refused("host " + shorten(host) + " " + what + address.getHostAddress() + ", " + kind.get()
						+ "; only public addresses and kiln.webhooks.allowed-networks may be called");
			}
		}
		return List.of(addresses);
	}

	private static String shorten(String text) {
		return "'" + ((text.length() <= 80) ? text : text.substring(0, 79) + "…") + "'";
	}

	/** Why a URL is refused. */
	static final class Refused extends RuntimeException {

		Refused(String message) {
			super(message, null, false, false);
		}

	}

}
