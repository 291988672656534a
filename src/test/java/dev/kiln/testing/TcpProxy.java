package dev.kiln.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy a test controls, between Kiln and its database: it relays every connection
 * to {@code upstream} until {@link #cut()}, which closes all connections at once and
 * closes every new one as soon as it is accepted (as a database that went away would),
 * until {@link #restore()}.
 */
public final class TcpProxy implements AutoCloseable {

	private final InetSocketAddress upstream;

	private final ServerSocket server;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	public TcpProxy(InetSocketAddress upstream) throws IOException {
		this.upstream = upstream;
		this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + port());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** The port to connect to instead of the upstream's. */
	public int port() {
		return this.server.getLocalPort();
	}

	/** Closes every relayed connection; new ones are closed at once until restored. */
	public void cut() {
		this.cut = true;
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
	}

	/** Relays new connections again. */
	public void restore() {
		this.cut = false;
	}

	@Override
	public void close() {
		cut();
		closeQuietly(this.server);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				return;
			}
			if (this.cut) {
				closeQuietly(client);
				continue;
			}
			relay(client);
		}
	}

	private void relay(Socket client) {
		Socket target = new Socket();
		try {
			target.connect(this.upstream, 5000);
		}
		catch (IOException ex) {
			closeQuietly(client);
			closeQuietly(target);
			return;
		}
		this.open.add(client);
		this.open.add(target);
		pump(client, target);
		pump(target, client);
		if (this.cut) {
			// cut while connecting
			closeQuietly(client);
			closeQuietly(target);
		}
	}

	/** Copies from one side to the other until either closes, then closes both. */
	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// closed by the other side or by cut()
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
