package dev.kiln.jobs.internal.run;

import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.RunStore;

/**
 * One attempt of a job, as this node runs it: every write it makes is fenced by its
 * attempt and lease; {@code signal} also knows how long the lease surely holds.
 *
 * @param owner this node's owner name, which the lease is held under
 */
record RunningAttempt(UUID jobId, String owner, int attempt, StopSignals.Signal signal) {

	/**
	 * Makes a database call of the run, waiting out a brief outage within the lease (see
	 * {@link OutageWaits}).
	 */
	<T> T whileLeaseHolds(Supplier<T> call) {
		return OutageWaits.whileLeaseHolds(this.jobId, this.attempt, this.signal, call);
	}

	/**
	 * Changes the job if this run still holds it, waiting out a brief database outage.
	 */
	void write(RunStore store, Consumer<Job> change) {
		whileLeaseHolds(() -> store.fenced(this.jobId, this.owner, this.attempt, change, () -> {
		}));
	}

}
