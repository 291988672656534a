package dev.kiln.web;

import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.hibernate.TransactionException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failures seen while PostgreSQL was cut off from Kiln (DatabaseOutageIT), as Spring,
 * Hibernate, HikariCP and the driver raise them, against failures that are not outages.
 */
class DatabaseOutagesTest {

	private static final SQLTransientConnectionException POOL_TIMED_OUT = new SQLTransientConnectionException(
			"HikariPool-1 - Connection is not available, request timed out after 3000ms",
			new SQLException("Connection refused", "08001"));

	@Test
	void noConnectionWithinThePoolsTimeoutIsAnOutage() {
		assertThat(DatabaseOutages
			.isOutage(new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
					new JDBCConnectionException("Unable to acquire JDBC Connection", POOL_TIMED_OUT))))
			.isTrue();
		assertThat(DatabaseOutages.isOutage(new DataAccessResourceFailureException("Unable to acquire JDBC Connection",
				new JDBCConnectionException("Unable to acquire JDBC Connection", POOL_TIMED_OUT))))
			.isTrue();
		assertThat(DatabaseOutages.isOutage(POOL_TIMED_OUT)).isTrue();
	}

	@Test
	void aConnectionLostMidTransactionIsAnOutage() {
		SQLException broken = new SQLException("An I/O error occurred while sending to the backend.", "08006",
				new EOFException());
		assertThat(DatabaseOutages.isOutage(new TransactionSystemException("Could not commit JPA transaction",
				new JpaSystemException(new RuntimeException("commit failed", broken)))))
			.isTrue();
		assertThat(DatabaseOutages
			.isOutage(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
		// the rollback of a transaction whose connection broke, which replaces the
		// failure that broke it
		assertThat(DatabaseOutages
			.isOutage(new JpaSystemException(new TransactionException("Unable to rollback against JDBC Connection",
					new SQLException("Connection is closed")))))
			.isTrue();
	}

	@Test
	void otherDatabaseFailuresAreNot() {
		assertThat(DatabaseOutages.isOutage(new DataIntegrityViolationException("duplicate key",
				new SQLException("duplicate key value violates unique constraint", "23505"))))
			.isFalse();
		assertThat(DatabaseOutages.isOutage(new OptimisticLockingFailureException("row was updated"))).isFalse();
		assertThat(DatabaseOutages.isOutage(new IllegalStateException("job vanished"))).isFalse();
		assertThat(DatabaseOutages.isOutage(new SQLException("Connection is closed", "42000"))).isFalse();
	}

}
