package dev.kiln.jobs.internal.run;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.kiln.engine.StopReason;

import org.springframework.stereotype.Component;

/**
 * Stop requests for the jobs training on this node. The training thread polls its signal
 * at every iteration boundary, so raising one stops the job within one minibatch. A
 * signal carries the engine's own {@link StopReason}: {@link StopReason#CANCELLED} (a
 * client cancelled: the job ends CANCELLED), {@link StopReason#SHUTDOWN} (Kiln is
 * stopping: the job goes back to the queue) or {@link StopReason#SUPERSEDED} (the run
 * lost its lease: it stops and writes nothing more).
 */
@Component
public class StopSignals {

	public static final class Signal {

		private final int attempt;

		private volatile StopReason reason;

		/**
		 * Until when ({@link System#nanoTime()}) the lease surely holds: from before the
		 * claim or renewal that set it, plus its duration. Past it, another node may
		 * recover the job, so a run that could not renew it (the database was
		 * unreachable) must stop.
		 */
		private volatile long leaseHeldUntil;

		Signal(int attempt, Duration leaseLeft) {
			this.attempt = attempt;
			this.leaseHeldUntil = System.nanoTime() + leaseLeft.toNanos();
		}

		public int attempt() {
			return this.attempt;
		}

		boolean raised() {
			return this.reason != null;
		}

		public StopReason reason() {
			return this.reason;
		}

		/**
		 * A renewal that began at {@code startedAt} ({@link System#nanoTime()}) extended
		 * the lease by {@code lease}.
		 */
		public void leaseRenewed(long startedAt, Duration lease) {
			this.leaseHeldUntil = startedAt + lease.toNanos();
		}

		/**
		 * How long the lease surely holds still; zero or less once it may have run out.
		 */
		public long leaseLeftNanos() {
			return this.leaseHeldUntil - System.nanoTime();
		}

		/**
		 * @param reason {@link StopReason#CANCELLED}, {@link StopReason#SHUTDOWN} or
		 * {@link StopReason#SUPERSEDED}: the spec's own conditions are not signals
		 */
		public void raise(StopReason reason) {
			if (reason != StopReason.CANCELLED && reason != StopReason.SHUTDOWN && reason != StopReason.SUPERSEDED) {
				throw new IllegalArgumentException("not a stop signal: " + reason);
			}
			// a lost lease outranks everything (the run may write nothing more); a cancel
			// outranks a shutdown, as the client's intent must survive the restart
			if (this.reason != StopReason.SUPERSEDED
					&& (this.reason != StopReason.CANCELLED || reason == StopReason.SUPERSEDED)) {
				this.reason = reason;
			}
		}

	}

	private final Map<UUID, Signal> running = new ConcurrentHashMap<>();

	/**
	 * @param leaseLeft how long the lease of the claim holds from now
	 */
	Signal register(UUID jobId, int attempt, Duration leaseLeft) {
		Signal signal = new Signal(attempt, leaseLeft);
		this.running.put(jobId, signal);
		return signal;
	}

	/** The jobs running on this node, with their signals (and attempts). */
	public Map<UUID, Signal> running() {
		return Map.copyOf(this.running);
	}

	void unregister(UUID jobId) {
		this.running.remove(jobId);
	}

	public void raise(UUID jobId, StopReason reason) {
		Signal signal = this.running.get(jobId);
		if (signal != null) {
			signal.raise(reason);
		}
	}

	public void raiseAll(StopReason reason) {
		this.running.values().forEach((signal) -> signal.raise(reason));
	}

	public int runningCount() {
		return this.running.size();
	}

}
