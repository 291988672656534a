package dev.kiln.webhooks.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A block of addresses written {@code address/prefix}, such as {@code 10.0.0.0/8} or
 * {@code fc00::/7}.
 */
record Cidr(byte[] network, int prefix, String text) {

	static Cidr parse(String text) {
		String trimmed = text.strip();
		int slash = trimmed.indexOf('/');
		String address = (slash < 0) ? trimmed : trimmed.substring(0, slash);
		if (!address.matches("[0-9a-fA-F:.]+")) {
			throw new IllegalArgumentException("not a CIDR (address/prefix): " + text);
		}
		byte[] bytes;
		try {
			// a literal address: parsed, never looked up
			bytes = InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("not a CIDR (address/prefix): " + text, ex);
		}
		int prefix = (slash < 0) ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
		if (prefix < 0 || prefix > bytes.length * 8) {
			throw new IllegalArgumentException("prefix out of range in " + text);
		}
		return new Cidr(bytes, prefix, trimmed);
	}

	boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length != this.network.length) {
			return false;
		}
		int full = this.prefix / 8;
		for (int i = 0; i < full; i++) {
			if (bytes[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefix % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xff << (8 - rest)) & 0xff;
		return (bytes[full] & mask) == (this.network[full] & mask);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
