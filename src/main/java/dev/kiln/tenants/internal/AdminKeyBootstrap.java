package dev.kiln.tenants.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.kiln.tenants.TenantsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes the first admin key when no key exists (a new data folder, or one from before
 * keys existed), or when {@code kiln.tenants.new-admin-key} asks for one, and writes it
 * to a file only its owner can read. The key is never logged; where it is, is.
 * <p>
 * Several nodes may start at once on one empty database and one shared folder: the first
 * key always has the same id ({@link #FIRST_KEY_ID}), so only one node's insert commits;
 * the others' fail on the primary key before they write the file, and they leave the
 * winner's file alone.
 */
@Component
class AdminKeyBootstrap implements SmartInitializingSingleton {

	static final String KEY_NAME = "admin";

	/** The id of the admin key made when no key exists. */
	static final UUID FIRST_KEY_ID = UUID.fromString("00000000-0000-0000-0000-00000000a001");

	private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);

	private final ApiKeyRepository keys;

	private final TransactionTemplate transaction;

	private final Path keyFile;

	private final boolean forced;

	private final Clock clock;

	AdminKeyBootstrap(ApiKeyRepository keys, PlatformTransactionManager transactionManager,
			TenantsProperties properties, @Value("${kiln.data-dir}") Path dataDir, Clock clock) {
		this.keys = keys;
		this.transaction = new TransactionTemplate(transactionManager);
		this.keyFile = properties.resolveAdminKeyFile(dataDir).toAbsolutePath().normalize();
		this.forced = properties.newAdminKey();
		this.clock = clock;
	}

	/**
	 * Runs once the database is migrated and before the web server takes requests, so the
	 * key file is there by the time anyone could use it.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		Boolean made;
		try {
			made = this.transaction.execute((status) -> {
				boolean first = this.keys.count() == 0;
				if (!first && !this.forced) {
					return false;
				}
				ApiKeySecret secret = ApiKeySecret.generate();
				this.keys.saveAndFlush(new ApiKey(first ? FIRST_KEY_ID : UUID.randomUUID(), Tenant.DEFAULT_ID, KEY_NAME,
						secret, true, this.clock.instant().truncatedTo(ChronoUnit.MICROS)));
				// inside the transaction: a key that could not be written down is not
				// kept
				writeOwnerOnly(this.keyFile, secret.key() + "\n");
				return true;
			});
		}
		catch (DataIntegrityViolationException ex) {
			// another node starting on the same empty database made the first key (and
			// wrote
			// the file) between our count and our insert
			log.info("Another node made the first admin API key; it is in {}", this.keyFile);
			return;
		}
		if (Boolean.TRUE.equals(made)) {
			log.info("Made an admin API key and wrote it to {} (readable only by its owner). Send it as "
					+ "'Authorization: Bearer <key>'; it can also make tenants and their keys.", this.keyFile);
		}
		else if (Files.isRegularFile(this.keyFile)) {
			log.info("The admin API key made at first start is in {}", this.keyFile);
		}
	}

	/**
	 * Writes a file that is never readable by others, not even for a moment: it is made
	 * with owner-only permissions, then moved into place.
	 */
	static void writeOwnerOnly(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			Path temporary;
			if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				temporary = Files.createTempFile(file.getParent(), ".admin-api-key", ".tmp",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			else {
				temporary = Files.createTempFile(file.getParent(), ".admin-api-key", ".tmp");
				temporary.toFile().setReadable(false, false);
				temporary.toFile().setReadable(true, true);
			}
			try {
				Files.writeString(temporary, content, StandardCharsets.UTF_8);
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the admin API key to " + file, ex);
		}
	}

}
