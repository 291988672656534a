package dev.kiln.datasets.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/**
 * Dataset rows. A tenant sees its own datasets and the built-in ones (whose tenant is
 * null); the queries that take a tenant keep to those.
 */
interface DatasetRepository extends JpaRepository<DatasetEntity, UUID> {

	String VISIBLE = "(d.tenantId = :tenantId or d.tenantId is null)";

	@Query("select d from DatasetEntity d where d.id = :id and " + VISIBLE)
	Optional<DatasetEntity> findVisible(UUID tenantId, UUID id);

	/**
	 * {@link #findVisible}, with the row locked until the transaction ends (select ...
	 * for update): a deletion holds it while it checks that no job uses the dataset.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select d from DatasetEntity d where d.id = :id and " + VISIBLE)
	Optional<DatasetEntity> lockVisible(UUID tenantId, UUID id);

	/** The tenant's active dataset of this name. */
	Optional<DatasetEntity> findByTenantIdAndActiveName(UUID tenantId, String name);

	/** The built-in dataset of this name. */
	Optional<DatasetEntity> findByTenantIdIsNullAndActiveName(String name);

	/** The active datasets with this content that the tenant sees, oldest first. */
	@Query("select d from DatasetEntity d where d.sha256 = :sha256 and d.deletedAt is null and " + VISIBLE
			+ " order by d.createdAt")
	List<DatasetEntity> findVisibleBySha256(UUID tenantId, String sha256);

	@Query("select d from DatasetEntity d where d.deletedAt is null and " + VISIBLE)
	Page<DatasetEntity> findVisibleActive(UUID tenantId, Pageable pageable);

}
