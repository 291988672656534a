package dev.kiln.tenants.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

	Optional<ApiKey> findBySecretSha256AndRevokedAtIsNull(String secretSha256);

	List<ApiKey> findByTenantIdOrderByCreatedAtAsc(UUID tenantId);

	Optional<ApiKey> findByIdAndTenantId(UUID id, UUID tenantId);

	long countByAdminTrueAndRevokedAtIsNull();

}
