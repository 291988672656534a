package dev.kiln.datasets.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * A row of the {@code dataset} table; deleted datasets keep theirs. List columns are
 * stored as text: the feature shape as comma-separated integers ({@code 8,8,1}), feature
 * and class names as JSON arrays of strings.
 */
@Entity
@Table(name = "dataset")
class DatasetEntity implements Persistable<UUID> {

	@Id
	private UUID id;

	@Column(name = "name", nullable = false, length = 200)
	private String name;

	/**
	 * The tenant that uploaded it; null for a built-in dataset, which every tenant sees.
	 */
	@Column(name = "tenant_id", updatable = false)
	private UUID tenantId;

	/**
	 * The name while the dataset is active, null once deleted: unique within the tenant,
	 * so names are freed.
	 */
	@Column(name = "active_name", length = 200)
	private String activeName;

	@Column(name = "source", nullable = false, length = 20)
	private String source;

	/** How it was uploaded: {@code csv}, {@code idx} or {@code images-zip}. */
	@Column(name = "format", nullable = false, length = 20)
	private String format;

	@Convert(converter = ShapeConverter.class)
	@Column(name = "feature_shape", nullable = false, length = 100)
	private List<Integer> featureShape;

	@Convert(converter = JsonStringListConverter.class)
	@Column(name = "feature_names", nullable = false, columnDefinition = "text")
	private List<String> featureNames;

	@Convert(converter = JsonStringListConverter.class)
	@Column(name = "class_names", nullable = false, columnDefinition = "text")
	private List<String> classNames;

	/** Every row, the fixed test set included. */
	@Column(name = "row_count", nullable = false)
	private int rowCount;

	/** The rows of the fixed test set, stored after the training rows; 0 if none. */
	@Column(name = "test_row_count", nullable = false)
	private int testRowCount;

	/** The scaling jobs use when they name none; null when the upload declared none. */
	@Column(name = "normalization", length = 20)
	private String normalization;

	/** The CSV columns encoded one-hot, as features named {@code column=value}. */
	@Convert(converter = JsonStringListConverter.class)
	@Column(name = "one_hot_columns", columnDefinition = "text")
	private List<String> oneHotColumns;

	@Column(name = "sha256", nullable = false, length = 64, columnDefinition = "char(64)")
	// a fixed-length column: PostgreSQL reports it as CHAR, which validation must expect
	@JdbcTypeCode(SqlTypes.CHAR)
	private String sha256;

	@Column(name = "size_bytes", nullable = false)
	private long sizeBytes;

	/** The binary file, relative to the dataset folder. */
	@Column(name = "file_path", nullable = false, length = 1000)
	private String filePath;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	/** When it was deleted (its file is gone); null while it is active. */
	@Column(name = "deleted_at")
	private Instant deletedAt;

	@Transient
	private boolean isNew;

	protected DatasetEntity() {
	}

	DatasetEntity(UUID id, UUID tenantId, String name, String source, String format, List<Integer> featureShape,
			List<String> featureNames, List<String> classNames, int rowCount, int testRowCount, String normalization,
			List<String> oneHotColumns, String sha256, long sizeBytes, String filePath, Instant createdAt) {
		this.id = id;
		this.tenantId = tenantId;
		this.name = name;
		this.activeName = name;
		this.source = source;
		this.format = format;
		this.featureShape = List.copyOf(featureShape);
		this.featureNames = List.copyOf(featureNames);
		this.classNames = List.copyOf(classNames);
		this.rowCount = rowCount;
		this.testRowCount = testRowCount;
		this.normalization = normalization;
		this.oneHotColumns = List.copyOf(oneHotColumns);
		this.sha256 = sha256;
		this.sizeBytes = sizeBytes;
		this.filePath = filePath;
		this.createdAt = createdAt;
		this.isNew = true;
	}

	/** Hides the dataset and frees its name; the row stays for the jobs that used it. */
	void markDeleted(Instant at) {
		this.activeName = null;
		this.deletedAt = at;
	}

	boolean isDeleted() {
		return this.deletedAt != null;
	}

	@PostLoad
	@PostPersist
	void markNotNew() {
		this.isNew = false;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	UUID getTenantId() {
		return this.tenantId;
	}

	String getName() {
		return this.name;
	}

	String getSource() {
		return this.source;
	}

	String getFormat() {
		return this.format;
	}

	List<Integer> getFeatureShape() {
		return this.featureShape;
	}

	List<String> getFeatureNames() {
		return this.featureNames;
	}

	List<String> getClassNames() {
		return this.classNames;
	}

	int getRowCount() {
		return this.rowCount;
	}

	int getTestRowCount() {
		return this.testRowCount;
	}

	String getNormalization() {
		return this.normalization;
	}

	List<String> getOneHotColumns() {
		return (this.oneHotColumns != null) ? this.oneHotColumns : List.of();
	}

	String getSha256() {
		return this.sha256;
	}

	long getSizeBytes() {
		return this.sizeBytes;
	}

	String getFilePath() {
		return this.filePath;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getDeletedAt() {
		return this.deletedAt;
	}

}
