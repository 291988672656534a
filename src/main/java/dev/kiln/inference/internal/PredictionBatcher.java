package dev.kiln.inference.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.kiln.engine.Predictor;

/**
 * Merges concurrent predictions for one loaded model into shared forward passes. One pass
 * runs at a time (a network's forward pass is not thread-safe); requests that arrive
 * while it runs queue up and go together into the next. Before a pass starts it may wait
 * up to {@code batchWait} for more rows, up to {@code maxBatchRows}.
 * <p>
 * The batcher owns no thread: a request that finds no pass running runs one itself, on
 * its own thread, so a lone request pays no hand-off. When a pass ends, its runner wakes
 * the first queued request's thread to run the next pass with everything queued by then.
 * An evicted model therefore leaves nothing running; {@link #retire} frees its network
 * once the last queued request is answered.
 */
final class PredictionBatcher {

	/** A request's rows, and in time its answer or failure. */
	private final class Request {

		final float[][] rows;

		final Condition changed = PredictionBatcher.this.lock.newCondition();

		float[][] result;

		RuntimeException failure;

		boolean done;

		/** Asked to run the next pass. */
		boolean runner;

		Request(float[][] rows) {
			this.rows = rows;
		}

	}

	private final Predictor predictor;

	private final long batchWaitNanos;

	private final int maxBatchRows;

	private final PassObserver observer;

	private final ReentrantLock lock = new ReentrantLock();

	/** Signalled when a request joins the queue, for a runner waiting for more rows. */
	private final Condition arrived = this.lock.newCondition();

	private final ArrayDeque<Request> queue = new ArrayDeque<>();

	private int queuedRows;

	/** A thread is running (or about to run) a pass. */
	private boolean running;

	private boolean retired;

	private boolean closed;

	PredictionBatcher(Predictor predictor, Duration batchWait, int maxBatchRows, PassObserver observer) {
		this.predictor = predictor;
		this.batchWaitNanos = batchWait.toNanos();
		this.maxBatchRows = maxBatchRows;
		this.observer = observer;
	}

	/**
	 * Class probabilities for {@code rows}, computed in a pass shared with whatever other
	 * requests are queued with them.
	 * @throws RetiredModelException if the model was evicted and its network freed before
	 * these rows were queued: ask the cache again
	 * @throws IllegalArgumentException if a row of this request does not fit the network
	 * (other requests are unaffected); any other failure of a pass fails the requests in
	 * it, and only those
	 */
	float[][] probabilities(float[][] rows) {
		Request request = new Request(rows);
		boolean runNow;
		this.lock.lock();
		try {
			if (this.closed) {
				throw new RetiredModelException();
			}
			this.queue.add(request);
			this.queuedRows += rows.length;
			this.arrived.signal();
			runNow = !this.running;
			if (runNow) {
				this.running = true;
			}
			else {
				while (!request.done && !request.runner) {
					request.changed.awaitUninterruptibly();
				}
				runNow = !request.done;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (runNow) {
			runPasses(request);
		}
		if (request.failure != null) {
			throw request.failure;
		}
		return request.result;
	}

	/**
	 * Runs passes until {@code own} is answered, then hands the turn to the next queued
	 * request (or closes a retired model that nobody waits for).
	 */
	private void runPasses(Request own) {
		while (true) {
			List<Request> batch = takeBatch();
			runPass(batch);
			this.lock.lock();
			try {
				for (Request request : batch) {
					request.done = true;
					request.changed.signal();
				}
				if (!own.done) {
					// defensive: the runner's own request is always first in its pass
					continue;
				}
				Request next = this.queue.peek();
				if (next != null) {
					next.runner = true;
					next.changed.signal();
				}
				else {
					this.running = false;
					if (this.retired) {
						closeNetwork();
					}
				}
				return;
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * The queued requests of the next pass: after waiting up to the batch wait for more
	 * rows, the oldest requests whose rows fit the maximum (at least one).
	 */
	private List<Request> takeBatch() {
		this.lock.lock();
		try {
			if (this.batchWaitNanos > 0) {
				long remaining = this.batchWaitNanos;
				while (this.queuedRows < this.maxBatchRows && remaining > 0) {
					try {
						remaining = this.arrived.awaitNanos(remaining);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						break;
					}
				}
			}
			List<Request> batch = new ArrayList<>();
			int rows = 0;
			while (!this.queue.isEmpty()) {
				Request next = this.queue.peek();
				if (!batch.isEmpty() && rows + next.rows.length > this.maxBatchRows) {
					break;
				}
				this.queue.poll();
				this.queuedRows -= next.rows.length;
				rows += next.rows.length;
				batch.add(next);
			}
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * One forward pass over the batch's rows, scattered back to each request. A failure
	 * fails exactly the requests of this pass.
	 */
	private void runPass(List<Request> requests) {
		List<Request> batch = new ArrayList<>(requests.size());
		for (Request request : requests) {
			// a request whose rows do not fit fails alone instead of failing the pass
			if (fits(request.rows)) {
				batch.add(request);
			}
			else {
				request.failure = new IllegalArgumentException(
						"every row must hold " + this.predictor.featureLength() + " values");
			}
		}
		if (batch.isEmpty()) {
			return;
		}
		try {
			float[][] merged;
			if (batch.size() == 1) {
				merged = batch.get(0).rows;
			}
			else {
				int total = 0;
				for (Request request : batch) {
					total += request.rows.length;
				}
				merged = new float[total][];
				int at = 0;
				for (Request request : batch) {
					System.arraycopy(request.rows, 0, merged, at, request.rows.length);
					at += request.rows.length;
				}
			}
			long start = System.nanoTime();
			float[][] out;
			try {
				out = this.predictor.probabilities(merged);
			}
			finally {
				this.observer.passRan(merged.length, System.nanoTime() - start);
			}
			int at = 0;
			for (Request request : batch) {
				float[][] own = new float[request.rows.length][];
				System.arraycopy(out, at, own, 0, own.length);
				at += own.length;
				request.result = own;
			}
		}
		catch (RuntimeException | Error ex) {
			RuntimeException failure = (ex instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException("The forward pass failed: " + ex, ex);
			for (Request request : batch) {
				request.failure = failure;
			}
		}
	}

	private boolean fits(float[][] rows) {
		for (float[] row : rows) {
			if (row == null || row.length != this.predictor.featureLength()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Marks the model evicted: its network is freed as soon as no request is queued on it
	 * (at once if none is). Requests already queued are answered.
	 */
	void retire() {
		this.lock.lock();
		try {
			this.retired = true;
			if (!this.running) {
				closeNetwork();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Called holding the lock, with no pass running. */
	private void closeNetwork() {
		if (!this.closed) {
			this.closed = true;
			this.predictor.close();
		}
	}

	/** Told the rows and the duration of every forward pass that ran. */
	interface PassObserver {

		void passRan(int rows, long nanos);

	}

	/** The model was evicted and freed; the request should ask the cache again. */
	static final class RetiredModelException extends RuntimeException {

		RetiredModelException() {
			super("the model was evicted", null, false, false);
		}

	}

}
