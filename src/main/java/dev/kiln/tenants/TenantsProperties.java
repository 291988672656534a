package dev.kiln.tenants;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param adminKeyFile where the admin key made at first start is written;
 * {@code ${kiln.data-dir}/admin-api-key} when not set
 * @param newAdminKey make a new admin key at this start even though keys exist, and write
 * it to {@code adminKeyFile}: how an operator who lost every admin key gets back in
 * @param keyCacheTtl how long a node remembers an active key it looked up, sparing the
 * database a query per request; a revoked key is refused at once by the node that revoked
 * it and within this time by the others ({@code 0s}: look every key up)
 */
@ConfigurationProperties("kiln.tenants")
public record TenantsProperties(Path adminKeyFile, boolean newAdminKey, @DefaultValue("5s") Duration keyCacheTtl) {

	public Path resolveAdminKeyFile(Path dataDir) {
		return (this.adminKeyFile != null) ? this.adminKeyFile : dataDir.resolve("admin-api-key");
	}

}
