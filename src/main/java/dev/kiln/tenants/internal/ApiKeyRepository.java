package dev.kiln.tenants.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

	Optional<ApiKey> findBySecretSha256AndRevokedAtIsNull(String secretSha256);

	List<ApiKey> findByTenantIdOrderByCreatedAtAsc(UUID tenantId);

	Optional<ApiKey> findByIdAndTenantId(UUID id, UUID tenantId);

	long countByAdminTrueAndRevokedAtIsNull();

	/**
	 * Locks every active admin key (in id order, so that concurrent callers cannot
	 * deadlock) until the transaction ends.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select k from ApiKey k where k.admin = true and k.revokedAt is null order by k.id")
	List<ApiKey> lockActiveAdminKeys();

}
