package dev.kiln.jobs.internal;

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
		SHUTDOWN

	}

	static final class Signal {

		private volatile Reason reason;

		boolean raised() {
			return this.reason != null;
		}

		Reason reason() {
			return this.reason;
		}

		void raise(Reason reason) {
			// a cancel outranks a shutdown: the client's intent must survive the restart
			if (this.reason != Reason.CANCEL) {
				this.reason = reason;
			}
		}

	}

	private final Map<UUID, Signal> running = new ConcurrentHashMap<>();

	Signal register(UUID jobId) {
		return this.running.computeIfAbsent(jobId, (id) -> new Signal());
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
