package dev.kiln.tenants.internal;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeySecretTest {

	@Test
	void aKeyIsKilnPrefixedBase64UrlOf256RandomBitsAndIsStoredAsItsSha256() {
		ApiKeySecret secret = ApiKeySecret.generate();
		assertThat(secret.key()).matches("kiln_[A-Za-z0-9_-]{43}");
		assertThat(secret.key()).startsWith(secret.prefix());
		assertThat(secret.prefix()).hasSize(11);
		assertThat(secret.sha256()).isEqualTo(ApiKeySecret.sha256(secret.key())).hasSize(64);
		assertThat(secret.toString()).doesNotContain(secret.key());
	}

	@Test
	void theHashIsSha256OfTheKeysUtf8Bytes() {
		// sha256("abc"), the FIPS 180-2 test vector
		assertThat(ApiKeySecret.sha256("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void keysDoNotRepeat() {
		Set<String> keys = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			keys.add(ApiKeySecret.generate().key());
		}
		assertThat(keys).hasSize(1000);
	}

	@Test
	void tenantAndKeyNamesArePlainNames() {
		assertThat(TenantAdministration.tenantNameProblem("course-2026")).isEmpty();
		assertThat(TenantAdministration.tenantNameProblem("../../etc/passwd")).get().asString().contains("path");
		assertThat(TenantAdministration.tenantNameProblem("with space")).isPresent();
		assertThat(TenantAdministration.keyNameProblem("lab machines")).isEmpty();
		assertThat(TenantAdministration.keyNameProblem("a\u0000b")).isPresent();
		assertThat(TenantAdministration.keyNameProblem("x".repeat(101))).isPresent();
	}

}
