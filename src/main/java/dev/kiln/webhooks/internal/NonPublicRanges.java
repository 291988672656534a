package dev.kiln.webhooks.internal;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The address ranges a callback may not reach unless the operator allows them: every
 * range that is not the public internet (RFC 6890 special-purpose registries). IPv6 forms
 * that embed an IPv4 address (compatible, NAT64, 6to4, Teredo) are refused outright,
 * since they could carry any IPv4 address past these rules; IPv4-mapped ones
 * ({@code ::ffff:a.b.c.d}) the JDK turns into the IPv4 address, which meets the IPv4
 * rules.
 */
final class NonPublicRanges {

	private static final Map<Cidr, String> RANGES = new LinkedHashMap<>();

	static {
		add("0.0.0.0/8", "the 'this network' range (0.0.0.0 reaches the local host)");
		add("10.0.0.0/8", "a private address");
		add("100.64.0.0/10", "a shared (carrier-grade NAT) address");
		add("127.0.0.0/8", "a loopback address");
		add("169.254.0.0/16", "a link-local address (cloud metadata services live here)");
		add("172.16.0.0/12", "a private address");
		add("192.0.0.0/24", "an IETF protocol address");
		add("192.0.2.0/24", "a documentation address");
		add("192.88.99.0/24", "a 6to4 relay address");
		add("192.168.0.0/16", "a private address");
		add("198.18.0.0/15", "a benchmarking address");
		add("198.51.100.0/24", "a documentation address");
		add("203.0.113.0/24", "a documentation address");
		add("224.0.0.0/4", "a multicast address");
		add("240.0.0.0/4", "a reserved address");
		add("::1/128", "a loopback address");
		add("::/128", "the unspecified address (it reaches the local host)");
		add("::/96", "an IPv4-compatible address");
		add("64:ff9b::/96", "a NAT64 address");
		add("64:ff9b:1::/48", "a NAT64 address");
		add("100::/64", "a discard address");
		add("2001::/32", "a Teredo address");
		add("2001:db8::/32", "a documentation address");
		add("2002::/16", "a 6to4 address");
		add("fc00::/7", "a unique local (private) address");
		add("fe80::/10", "a link-local address");
		add("fec0::/10", "a site-local address");
		add("ff00::/8", "a multicast address");
	}

	private NonPublicRanges() {
	}

	private static void add(String cidr, String description) {
		RANGES.put(Cidr.parse(cidr), description);
	}

	/** What kind of non-public address this is, or empty for a public one. */
	static Optional<String> describe(InetAddress address) {
		return RANGES.entrySet()
			.stream()
			.filter((range) -> range.getKey().contains(address))
			.map(Map.Entry::getValue)
			.findFirst();
	}

}
