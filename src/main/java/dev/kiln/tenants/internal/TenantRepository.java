package dev.kiln.tenants.internal;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface TenantRepository extends JpaRepository<Tenant, UUID> {

	boolean existsByName(String name);

}
