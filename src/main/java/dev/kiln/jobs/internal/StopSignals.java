package dev.kiln.jobs.internal;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Stop requests for the jobs training on this node. The training thread polls its signal
 * at every iteration boundary, so raising one stops the job within one minibatch.
 */
@Component
class StopSignals {

	enum Reason {

		/** A client cancelled the job: it ends CANCELLED. */
		CANCEL,
		/** Kiln is shutting down: the job goes back to the queue and resumes later. */
		SHUTDOWN,
		/**
		 * The run lost its lease (a newer attempt may hold the job): it stops and writes
		 * nothing more.
		 */
		LEASE_LOST

	}

	static final class Signal {

		private final int attempt;

		private volatile Reason reason;

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

		int attempt() {
			return this.attempt;
		}

		boolean raised() {
			return this.reason != null;
		}

		Reason reason() {
			return this.reason;
		}

		/**
		 * A renewal that began at {@code startedAt} ({@link System#nanoTime()}) extended
		 * the lease by {@code lease}.
		 */
		void leaseRenewed(long startedAt, Duration lease) {
			this.leaseHeldUntil = startedAt + lease.toNanos();
		}

		/**
		 * How long the lease surely holds still; zero or less once it may have run out.
		 */
		long leaseLeftNanos() {
			return this.leaseHeldUntil - System.nanoTime();
		}

		void raise(Reason reason) {
			// a lost lease outranks everything (the run may write nothing more); a cancel
			// outranks a shutdown,
			// as the client's intent must survive the restart
			if (this.reason != Reason.LEASE_LOST && (this.reason != Reason.CANCEL || reason == Reason.LEASE_LOST)) {
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
	Map<UUID, Signal> running() {
		return Map.copyOf(this.running);
	}

	void unregister(UUID jobId) {
		this.running.remove(jobId);
	}

	void raise(UUID jobId, Reason reason) {
		Signal signal = this.running.get(jobId);
		if (signal != null) {
			signal.raise(reason);
		}
	}

	void raiseAll(Reason reason) {
		this.running.values().forEach((signal) -> signal.raise(reason));
	}

	int runningCount() {
		return this.running.size();
	}

}
