package dev.kiln.jobs.internal.events;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kiln.engine.TrainingProgress;
import dev.kiln.jobs.EventsProperties;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.lifecycle.JobRepository;
import dev.kiln.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Serves the live event streams of jobs. Each stream has its own thread (a pump), which
 * sends the job's stored events after the client's last id from the database, in id
 * order, then the latest progress, then waits until the {@link JobEventBus} wakes it or
 * the poll interval passes, and starts over. Stored events therefore always come from the
 * database: a stream on a node that does not train the job still sees them (within the
 * poll interval), and a notice that arrives early or twice changes nothing. A stream ends
 * after the event that ends the job, or at once after the replay if the job had already
 * ended. Progress comes from the bus when this node trains the job, otherwise from the
 * job row, where the training node records it with every lease renewal.
 * <p>
 * Stopped before the web server's graceful shutdown: every pump completes its stream, so
 * open streams do not hold the shutdown up.
 */
@Component
public class JobEventStreams implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

	private static final int BATCH = 200;

	private final JobEventRepository events;

	private final JobRepository jobs;

	private final JobEventBus bus;

	private final JsonMapper json;

	private final EventsProperties properties;

	private final AtomicInteger open = new AtomicInteger();

	/**
	 * Streams whose response the container has not finished yet: a pump's
	 * {@code complete()} only asks for it, and the last chunk is written later on a
	 * container thread.
	 */
	private final Set<SseEmitter> unfinished = ConcurrentHashMap.newKeySet();

	/** Made at every start: a stopped context (as tests pause them) may start again. */
	private volatile ExecutorService pumps;

	private volatile boolean running;

	JobEventStreams(JobEventRepository events, JobRepository jobs, JobEventBus bus, JsonMapper json,
			EventsProperties properties) {
		this.events = events;
		this.jobs = jobs;
		this.bus = bus;
		this.json = json;
		this.properties = properties;
	}

	/**
	 * Opens a stream of the job's events after {@code afterId} (0: from the start).
	 * @param ended whether the job had ended when the stream was asked for
	 */
	public SseEmitter open(UUID jobId, long afterId, boolean ended) {
		if (!this.running) {
			throw new StreamsUnavailableException("Kiln is shutting down");
		}
		if (this.open.incrementAndGet() > this.properties.maxStreams()) {
			this.open.decrementAndGet();
			throw new StreamsUnavailableException("this node serves " + this.properties.maxStreams()
					+ " event streams already (kiln.events.max-streams)");
		}
		// no timeout: the stream lasts as long as the job, heartbeats keep it alive
		SseEmitter emitter = new SseEmitter(0L);
		Pump pump = new Pump(jobId, afterId, ended, emitter, this.bus.subscribe(jobId));
		this.unfinished.add(emitter);
		emitter.onCompletion(() -> {
			pump.stop();
			this.unfinished.remove(emitter);
		});
		emitter.onTimeout(pump::stop);
		emitter.onError((ex) -> {
			pump.stop();
			this.unfinished.remove(emitter);
		});
		try {
			this.pumps.execute(pump);
		}
		catch (RuntimeException ex) {
			this.unfinished.remove(emitter);
			pump.release();
			throw new StreamsUnavailableException("Kiln is shutting down");
		}
		return emitter;
	}

	int openStreams() {
		return this.open.get();
	}

	@Override
	public void start() {
		this.pumps = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "kiln-events-stream");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.bus.wakeAll();
		ExecutorService stopping = this.pumps;
		stopping.shutdown();
		try {
			// pumps complete their streams as soon as they wake; one stuck writing to a
			// client that reads nothing is not waited for
			if (!stopping.awaitTermination(2, TimeUnit.SECONDS)) {
				stopping.shutdownNow();
			}
			// and the container writes each completed stream's end before the web server
			// stops: a client following a job sees a whole response, not a cut connection
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
			while (!this.unfinished.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Before the web server's graceful shutdown phase, which would wait for open streams.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100;
	}

	private final class Pump implements Runnable {

		private final UUID jobId;

		private final SseEmitter emitter;

		private final JobEventBus.Subscription subscription;

		private final boolean ended;

		private long lastId;

		private long lastWriteNanos = System.nanoTime();

		private volatile boolean stopped;

		private String lastRecordedProgress;

		private boolean released;

		Pump(UUID jobId, long afterId, boolean ended, SseEmitter emitter, JobEventBus.Subscription subscription) {
			this.jobId = jobId;
			this.lastId = afterId;
			this.ended = ended;
			this.emitter = emitter;
			this.subscription = subscription;
		}

		void stop() {
			this.stopped = true;
			this.subscription.wake();
		}

		@Override
		public void run() {
			long pollMillis = Math.max(1, JobEventStreams.this.properties.pollInterval().toMillis());
			long heartbeatNanos = JobEventStreams.this.properties.heartbeat().toNanos();
			try {
				while (!this.stopped && JobEventStreams.this.running) {
					if (sendStored() || this.ended) {
						this.emitter.complete();
						return;
					}
					String progress = progress();
					if (progress != null) {
						send(SseEmitter.event().name("progress").data(progress));
					}
					else if (System.nanoTime() - this.lastWriteNanos >= heartbeatNanos) {
						send(SseEmitter.event().comment("heartbeat"));
					}
					this.subscription.await(Math.min(pollMillis, Math.max(1, heartbeatNanos / 1_000_000)));
				}
				this.emitter.complete();
			}
			catch (IOException | IllegalStateException ex) {
				// the client went away, or the stream was completed meanwhile
				log.debug("Event stream of job {} ended: {}", this.jobId, ex.toString());
			}
			catch (InterruptedException ex) {
				this.emitter.complete();
			}
			catch (RuntimeException ex) {
				log.warn("Event stream of job {} failed", this.jobId, ex);
				this.emitter.completeWithError(ex);
			}
			finally {
				release();
			}
		}

		/**
		 * New progress to send, or null: this node's report if it trains the job, else
		 * the one the training node recorded with its last lease renewal, once.
		 */
		private String progress() {
			TrainingProgress local = this.subscription.takeProgress();
			if (local != null) {
				return JobEventStreams.this.json.writeValueAsString(local);
			}
			if (JobEventStreams.this.bus.latestProgress(this.jobId).isPresent()) {
				return null;
			}
			String recorded = JobEventStreams.this.jobs.findProgressJson(this.jobId, JobStatus.leaseHolders())
				.orElse(null);
			if (recorded == null || recorded.equals(this.lastRecordedProgress)) {
				return null;
			}
			this.lastRecordedProgress = recorded;
			return recorded;
		}

		/**
		 * Sends the stored events after the last one sent; true once the job's end was
		 * sent.
		 */
		private boolean sendStored() throws IOException {
			List<JobEventRow> batch;
			do {
				batch = JobEventStreams.this.events.findByJobIdAndIdGreaterThanOrderById(this.jobId, this.lastId,
						Limit.of(BATCH));
				for (JobEventRow row : batch) {
					if (row.endsJob() && !this.ended) {
						// this node's progress reported before the end and not yet sent:
						// a
						// short run can end between two of this pump's turns (a stream
						// opened on an ended job replays stored events only, though the
						// run's last report may linger on the bus for a moment after)
						TrainingProgress unsent = this.subscription.takeProgress();
						if (unsent != null) {
							send(SseEmitter.event()
								.name("progress")
								.data(JobEventStreams.this.json.writeValueAsString(unsent)));
						}
					}
					send(SseEmitter.event().id(Long.toString(row.id())).name(row.type()).data(row.data()));
					this.lastId = row.id();
					if (row.endsJob()) {
						return true;
					}
				}
			}
			while (batch.size() == BATCH);
			return false;
		}

		private void send(SseEmitter.SseEventBuilder event) throws IOException {
			this.emitter.send(event);
			this.lastWriteNanos = System.nanoTime();
		}

		void release() {
			if (!this.released) {
				this.released = true;
				JobEventStreams.this.bus.unsubscribe(this.subscription);
				JobEventStreams.this.open.decrementAndGet();
			}
		}

	}

	/** No stream can be opened now: too many are open, or the node is stopping. */
	static final class StreamsUnavailableException extends ApiException {

		StreamsUnavailableException(String detail) {
			super(HttpStatus.SERVICE_UNAVAILABLE, "events-unavailable", "Event stream unavailable", detail);
		}

	}

}
