package dev.kiln.webhooks.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kiln.webhooks.WebhooksProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackUrlPolicyTest {

	/** A DNS of our own: names resolve only to what the test says. */
	private static final Map<String, String[]> DNS = Map.of("hooks.example.com", new String[] { "93.184.216.34" },
			"rebound.example.com", new String[] { "127.0.0.1" }, "mixed.example.com",
			new String[] { "93.184.216.34", "10.0.0.5" }, "metadata.example.com", new String[] { "169.254.169.254" },
			"v6local.example.com", new String[] { "::1" }, "localhost", new String[] { "127.0.0.1", "::1" });

	private static CallbackUrlPolicy policy(List<String> hosts, List<String> networks) {
		WebhooksProperties properties = new WebhooksProperties(hosts, networks, 3, Duration.ofSeconds(1),
				Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
		return new CallbackUrlPolicy(properties, CallbackUrlPolicyTest::resolve);
	}

	private static InetAddress[] resolve(String host) throws UnknownHostException {
		String[] addresses = DNS.get(host);
		if (addresses == null) {
			// literals are parsed, never looked up
			if (host.matches("[0-9.]+") || host.contains(":")) {
				return new InetAddress[] { InetAddress.getByName(host) };
			}
			throw new UnknownHostException(host);
		}
		InetAddress[] result = new InetAddress[addresses.length];
		for (int i = 0; i < addresses.length; i++) {
			result[i] = InetAddress.getByName(addresses[i]);
		}
		return result;
	}

	private static final CallbackUrlPolicy DEFAULTS = policy(List.of(), List.of());

	@Test
	void aPublicHttpsUrlIsAllowed() {
		assertThat(DEFAULTS.refusal("https://hooks.example.com/kiln?x=1")).isEmpty();
		assertThat(DEFAULTS.refusal("http://93.184.216.34:8080/hook")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1/", "http://127.8.9.10:9000/", "http://[::1]/", "http://0.0.0.0/",
			"http://[::]/", "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/", "http://172.16.0.1/",
			"http://192.168.1.1/", "http://100.64.0.1/", "http://[fe80::1]/", "http://[fd00::1]/",
			"http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::7f00:1]/",
			"http://224.0.0.1/", "http://255.255.255.255/" })
	void nonPublicAddressesAreRefusedByDefault(String url) {
		assertThat(DEFAULTS.refusal(url)).hasValueSatisfying((reason) -> assertThat(reason)
			.contains("only public addresses and kiln.webhooks.allowed-networks may be called"));
	}

	@Test
	void theReasonSaysWhatKindOfAddressItIs() {
		assertThat(DEFAULTS.refusal("http://169.254.169.254/")).hasValueSatisfying(
				(reason) -> assertThat(reason).contains("is 169.254.169.254, a link-local address (cloud metadata"));
		assertThat(DEFAULTS.refusal("http://[::1]/"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("a loopback address"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://2130706433/", "http://0x7f000001/", "http://0x7f.0.0.1/", "http://0177.0.0.1/",
			"http://127.1/", "http://017700000001/", "http://127.0.0.01/" })
	void ipAddressesInOtherFormsAreRefusedRatherThanInterpreted(String url) {
		assertThat(DEFAULTS.refusal(url)).hasValueSatisfying(
				(reason) -> assertThat(reason).startsWith("an IP address must be written as four decimal numbers"));
	}

	@Test
	void aHostNameIsJudgedByEveryAddressItResolvesTo() {
		assertThat(DEFAULTS.refusal("https://rebound.example.com/"))
			.hasValue("host 'rebound.example.com' resolves to 127.0.0.1, a loopback address; only public addresses and "
					+ "kiln.webhooks.allowed-networks may be called");
		assertThat(DEFAULTS.refusal("https://mixed.example.com/"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("resolves to 10.0.0.5, a private address"));
		assertThat(DEFAULTS.refusal("https://metadata.example.com/"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("169.254.169.254"));
		assertThat(DEFAULTS.refusal("https://v6local.example.com/"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("a loopback address"));
		assertThat(DEFAULTS.refusal("http://localhost:8080/"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("a loopback address"));
	}

	@Test
	void aHostThatDoesNotResolveIsRefused() {
		assertThat(DEFAULTS.refusal("https://nowhere.invalid/")).hasValue("host 'nowhere.invalid' does not resolve");
	}

	@Test
	void allowedNetworksLetNonPublicAddressesThroughAndNoOthers() {
		CallbackUrlPolicy loopback = policy(List.of(), List.of("127.0.0.1/32"));
		assertThat(loopback.refusal("http://127.0.0.1:9000/hook")).isEmpty();
		assertThat(loopback.refusal("https://rebound.example.com/")).isEmpty();
		assertThat(loopback.refusal("http://127.0.0.2/")).isPresent();
		// localhost also resolves to ::1, which is not allowed
		assertThat(loopback.refusal("http://localhost/")).isPresent();
		assertThat(loopback.refusal("http://169.254.169.254/")).isPresent();
		CallbackUrlPolicy privateNet = policy(List.of(), List.of("10.0.0.0/8", "::1/128"));
		assertThat(privateNet.refusal("https://mixed.example.com/")).isEmpty();
		assertThat(privateNet.refusal("http://[::1]/")).isEmpty();
		assertThat(privateNet.refusal("http://11.0.0.1/")).isEmpty();
		assertThat(privateNet.refusal("http://192.168.0.1/")).isPresent();
	}

	@Test
	void allowedHostsRestrictTheHostNames() {
		CallbackUrlPolicy hosts = policy(List.of("*.example.com", "93.184.216.34"), List.of());
		assertThat(hosts.refusal("https://hooks.example.com/")).isEmpty();
		assertThat(hosts.refusal("http://93.184.216.34/")).isEmpty();
		assertThat(hosts.refusal("https://example.org/"))
			.hasValue("host 'example.org' is not in kiln.webhooks.allowed-hosts");
		// the pattern does not spare a name its address checks
		assertThat(hosts.refusal("https://rebound.example.com/")).isPresent();
	}

	@Test
	void theUrlItselfMustBeAPlainAbsoluteHttpUrl() {
		assertThat(DEFAULTS.refusal("file:///etc/passwd")).hasValue("must use http or https; got 'file'");
		assertThat(DEFAULTS.refusal("gopher://hooks.example.com:70/_x"))
			.hasValue("must use http or https; got 'gopher'");
		assertThat(DEFAULTS.refusal("ftp://hooks.example.com/")).hasValue("must use http or https; got 'ftp'");
		assertThat(DEFAULTS.refusal("/relative/path")).hasValue("must be an absolute http or https URL");
		assertThat(DEFAULTS.refusal("http://user:pass@hooks.example.com/"))
			.hasValue("must not contain credentials (user:password@)");
		assertThat(DEFAULTS.refusal("http://user@hooks.example.com/"))
			.hasValue("must not contain credentials (user:password@)");
		assertThat(DEFAULTS.refusal("http:///no-host")).hasValue("must name a host");
		assertThat(DEFAULTS.refusal("http://hooks.example.com/a b"))
			.hasValue("must not contain spaces or control characters");
		assertThat(DEFAULTS.refusal("")).hasValue("is required: an absolute http or https URL");
		assertThat(DEFAULTS.refusal(null)).hasValue("is required: an absolute http or https URL");
		String huge = "https://hooks.example.com/" + "a".repeat(10_000);
		assertThat(DEFAULTS.refusal(huge)).hasValue("must be at most 2048 characters; got " + huge.length());
	}

}
