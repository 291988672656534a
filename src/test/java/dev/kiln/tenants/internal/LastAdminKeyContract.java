package dev.kiln.tenants.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.kiln.web.ConflictException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last active admin key cannot be revoked, even when two admins revoke the last two
 * admin keys at the same moment: one revocation wins, the other is refused. Run against
 * the embedded H2 ({@link LastAdminKeyIT}) and PostgreSQL
 * ({@link PostgresLastAdminKeyIT}), whose row locks differ.
 */
abstract class LastAdminKeyContract {

	private static final int RACES = 25;

	@Autowired
	TenantAdministration administration;

	@Autowired
	ApiKeyRepository keys;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void twoConcurrentRevocationsOfTheLastTwoAdminKeysLeaveOne() throws Exception {
		Tenant tenant = this.administration.createTenant("admins-" + UUID.randomUUID().toString().substring(0, 8));
		ApiKey first = this.administration.createKey(tenant.getId(), "first", true).key();
		ApiKey second = this.administration.createKey(tenant.getId(), "second", true).key();
		// every other admin key (the bootstrap one) revoked behind the check's back
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> this.keys.findAll()
			.stream()
			.filter((key) -> key.isAdmin() && key.isActive())
			.filter((key) -> !Set.of(first.getId(), second.getId()).contains(key.getId()))
			.forEach((key) -> key.revoke(Instant.now())));
		assertThat(this.keys.countByAdminTrueAndRevokedAtIsNull()).isEqualTo(2);

		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<UUID> pair = List.of(first.getId(), second.getId());
			for (int race = 0; race < RACES; race++) {
				CyclicBarrier start = new CyclicBarrier(2);
				List<Future<Boolean>> revocations = new ArrayList<>();
				for (UUID keyId : pair) {
					revocations.add(pool.submit(() -> {
						start.await();
						try {
							this.administration.revokeKey(tenant.getId(), keyId);
							return true;
						}
						catch (ConflictException ex) {
							return false;
						}
					}));
				}
				int revoked = 0;
				for (Future<Boolean> revocation : revocations) {
					revoked += revocation.get() ? 1 : 0;
				}
				assertThat(revoked).as("revocations that went through in race %d", race).isEqualTo(1);
				assertThat(this.keys.countByAdminTrueAndRevokedAtIsNull()).as("active admin keys after race %d", race)
					.isEqualTo(1);
				// the survivor and a new admin key race next
				UUID survivor = this.keys.findAll()
					.stream()
					.filter((key) -> key.isAdmin() && key.isActive())
					.findFirst()
					.orElseThrow()
					.getId();
				pair = List.of(survivor,
						this.administration.createKey(tenant.getId(), "key " + race, true).key().getId());
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
