package dev.kiln.datasets.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ByteArrayResource;

/**
 * The dataset module's upload and deletion as its API runs them, for tests in other
 * modules' packages (the services are private to this one).
 */
public final class DatasetOperations {

	private final DatasetUploads uploads;

	private final DatasetDeletion deletion;

	public DatasetOperations(ApplicationContext context) {
		this.uploads = context.getBean(DatasetUploads.class);
		this.deletion = context.getBean(DatasetDeletion.class);
	}

	/** Registers a CSV upload; answers its id. */
	public UUID uploadCsv(UUID tenantId, String name, String csv, String labelColumn) {
		UploadRequest request = UploadRequest.of(Map.of("name", name, "labelColumn", labelColumn),
				Map.of("file", new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8))));
		return this.uploads.upload(tenantId, request).info().id();
	}

	/** Deletes as {@code DELETE /api/v1/datasets/{id}} does. */
	public void delete(UUID tenantId, UUID datasetId) {
		this.deletion.delete(tenantId, datasetId);
	}

}
