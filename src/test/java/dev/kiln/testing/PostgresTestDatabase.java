package dev.kiln.testing;

import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A PostgreSQL database of its own for one test class, made on the server that
 * {@value #URL_VARIABLE} points to and dropped afterwards. Tests that use it are enabled
 * only when that variable is set ({@code @EnabledIfEnvironmentVariable}); when it is set
 * but the server cannot be reached, {@link #create} throws and the test fails rather than
 * being skipped.
 */
public final class PostgresTestDatabase implements AutoCloseable {

	/** A JDBC URL of a database the test user may connect to, to create others. */
	public static final String URL_VARIABLE = "KILN_TEST_POSTGRES_URL";

	public static final String USER_VARIABLE = "KILN_TEST_POSTGRES_USER";

	public static final String PASSWORD_VARIABLE = "KILN_TEST_POSTGRES_PASSWORD";

	private final String serverUrl;

	private final String name;

	private PostgresTestDatabase(String serverUrl, String name) {
		this.serverUrl = serverUrl;
		this.name = name;
	}

	/**
	 * Creates an empty database named {@code kiln_<purpose>_<random>} (the test user
	 * needs {@code CREATEDB}).
	 */
	public static PostgresTestDatabase create(String purpose) {
		String serverUrl = System.getenv(URL_VARIABLE);
		if (serverUrl == null || serverUrl.isBlank()) {
			throw new IllegalStateException(URL_VARIABLE + " is not set");
		}
		String name = ("kiln_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
			.toLowerCase(Locale.ROOT);
		PostgresTestDatabase database = new PostgresTestDatabase(serverUrl, name);
		database.execute("create database " + name);
		return database;
	}

	public String url() {
		int query = this.serverUrl.indexOf('?');
		String base = (query < 0) ? this.serverUrl : this.serverUrl.substring(0, query);
		String parameters = (query < 0) ? "" : this.serverUrl.substring(query);
		return base.substring(0, base.lastIndexOf('/') + 1) + this.name + parameters;
	}

	/** The host and port of the server, from {@value #URL_VARIABLE}. */
	public InetSocketAddress serverAddress() {
		URI server = URI.create(this.serverUrl.substring("jdbc:".length()));
		return new InetSocketAddress(server.getHost(), (server.getPort() > 0) ? server.getPort() : 5432);
	}

	/**
	 * {@link #url()} with the server's host and port replaced by the loopback address and
	 * {@code port} (a proxy in front of the server).
	 */
	public String urlThrough(int port) {
		String url = url();
		int hostStart = url.indexOf("//") + 2;
		return url.substring(0, hostStart) + "127.0.0.1:" + port + url.substring(url.indexOf('/', hostStart));
	}

	public static String user() {
		String user = System.getenv(USER_VARIABLE);
		return (user != null) ? user : "kiln";
	}

	public static String password() {
		String password = System.getenv(PASSWORD_VARIABLE);
		return (password != null) ? password : "";
	}

	public String name() {
		return this.name;
	}

	/** A connection to this database, for checks the tests make behind Kiln's back. */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(url(), user(), password());
	}

	/** Drops the database, ending any session still connected to it. */
	@Override
	public void close() {
		execute("drop database if exists " + this.name + " with (force)");
	}

	/**
	 * Drops the database {@code name} made by {@link #create}, as {@link #close} does.
	 */
	public static void drop(String name) {
		if (!name.matches("kiln_[a-z0-9_]+")) {
			throw new IllegalArgumentException("not a test database: " + name);
		}
		new PostgresTestDatabase(System.getenv(URL_VARIABLE), name).close();
	}

	private void execute(String sql) {
		try (Connection server = DriverManager.getConnection(this.serverUrl, user(), password());
				Statement statement = server.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + this.serverUrl + " (" + URL_VARIABLE + "): " + sql
					+ " failed: " + ex.getMessage(), ex);
		}
	}

}
