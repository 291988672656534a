package dev.kiln.datasets.internal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface DatasetRepository extends JpaRepository<DatasetEntity, UUID> {

	/** The active dataset of this name. */
	Optional<DatasetEntity> findByActiveName(String name);

	boolean existsByActiveName(String name);

	/** The oldest active dataset with this content. */
	Optional<DatasetEntity> findFirstBySha256AndDeletedAtIsNullOrderByCreatedAtAsc(String sha256);

	Page<DatasetEntity> findByDeletedAtIsNull(Pageable pageable);

}
