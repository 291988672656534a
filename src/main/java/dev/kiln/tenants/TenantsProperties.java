package dev.kiln.tenants;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param adminKeyFile where the admin key made at first start is written;
 * {@code ${kiln.data-dir}/admin-api-key} when not set
 * @param newAdminKey make a new admin key at this start even though keys exist, and write
 * it to {@code adminKeyFile}: how an operator who lost every admin key gets back in
 */
@ConfigurationProperties("kiln.tenants")
public record TenantsProperties(Path adminKeyFile, boolean newAdminKey) {

	public Path resolveAdminKeyFile(Path dataDir) {
		return (this.adminKeyFile != null) ? this.adminKeyFile : dataDir.resolve("admin-api-key");
	}

}
