package dev.kiln.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.modulith.NamedInterface;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure to reach the database (stopped, restarting, unreachable, no connection
 * free within the pool's {@code connection-timeout}) from other failures. Such a failure
 * passes: requests answer 503 with {@code Retry-After}, and a training run waits for the
 * database instead of failing its attempt. The {@code outages} interface: the part of
 * this module that code off the HTTP path (the jobs module's runs and leases) uses.
 */
@NamedInterface("outages")
public final class DatabaseOutages {

	/**
	 * What HikariCP's stand-in for a connection it evicted as broken answers (with no SQL
	 * state): a transaction whose connection broke fails its rollback with it, and that
	 * failure replaces the one that broke the connection.
	 */
	private static final String CLOSED_BY_POOL = "Connection is closed";

	private DatabaseOutages() {
	}

	/**
	 * Whether {@code failure}, or one of its causes, says the database could not be
	 * reached or dropped the connection.
	 */
	public static boolean isOutage(Throwable failure) {
		return isOutage(failure, 0);
	}

	private static boolean isOutage(Throwable failure, int depth) {
		for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessResourceException
					|| cause instanceof SQLTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && (isConnectionState(sql.getSQLState())
					|| (sql.getSQLState() == null && CLOSED_BY_POOL.equals(sql.getMessage())))) {
				return true;
			}
			for (Throwable suppressed : cause.getSuppressed()) {
				if (isOutage(suppressed, depth + 1)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * SQL state class 08 (connection exception: refused, broken, lost), and PostgreSQL's
	 * 57P01 to 57P03 (the server is shutting down, crashed or is starting up).
	 */
	private static boolean isConnectionState(String state) {
		return state != null
				&& (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
	}

}
