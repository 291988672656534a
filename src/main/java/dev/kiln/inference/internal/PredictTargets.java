package dev.kiln.inference.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.jobs.TrainedModel;
import dev.kiln.jobs.TrainedModels;
import dev.kiln.web.ConflictException;
import dev.kiln.web.NotFoundException;

import org.springframework.stereotype.Component;

/**
 * What a predict request needs to know about its job: the model's input and classes, a
 * decoder for its instances, and which checkpoint answers. A job that has ended never
 * changes again (no transition leaves a terminal state, and its checkpoints are neither
 * added nor removed), so an ended job's target is kept and later requests for it make no
 * database query; a job still queued or running is looked up on every request, since its
 * best checkpoint moves as it trains.
 */
@Component
class PredictTargets {

	/** Ended jobs' targets kept at most; each is small (names, scaling, a decoder). */
	private static final int KEPT = 1024;

	private final TrainedModels models;

	private final CheckpointService checkpoints;

	private final Map<Key, Target> ended = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Key, Target> eldest) {
			return size() > KEPT;
		}
	};

	private record Key(UUID tenantId, UUID jobId) {
	}

	PredictTargets(TrainedModels models, CheckpointService checkpoints) {
		this.models = models;
		this.checkpoints = checkpoints;
	}

	/** The tenant's job as a prediction target; another tenant's is not found. */
	Optional<Target> find(UUID tenantId, UUID jobId) {
		Key key = new Key(tenantId, jobId);
		synchronized (this.ended) {
			Target kept = this.ended.get(key);
			if (kept != null) {
				return Optional.of(kept);
			}
		}
		return this.models.find(tenantId, jobId).map((model) -> {
			boolean ended = model.status().isTerminal();
			Target target = new Target(model,
					new InstanceDecoder(model.featureShape(),
							RawColumns.of(model.featureNames(), model.oneHotColumns())),
					this.checkpoints.best(model.jobId(), model.checkpointMetric()).orElse(null), ended);
			if (ended) {
				synchronized (this.ended) {
					this.ended.put(key, target);
				}
			}
			return target;
		});
	}

	/**
	 * A job's model, its instance decoder and its best checkpoint (null while it has
	 * none).
	 */
	final class Target {

		private final TrainedModel model;

		private final InstanceDecoder decoder;

		private final CheckpointInfo best;

		private final boolean ended;

		/** An ended job's checkpoints asked for by id. */
		private final Map<UUID, CheckpointInfo> named = new ConcurrentHashMap<>();

		Target(TrainedModel model, InstanceDecoder decoder, CheckpointInfo best, boolean ended) {
			this.model = model;
			this.decoder = decoder;
			this.best = best;
			this.ended = ended;
		}

		TrainedModel model() {
			return this.model;
		}

		InstanceDecoder decoder() {
			return this.decoder;
		}

		/**
		 * The checkpoint that answers: the requested one of this job, or the best.
		 * @throws NotFoundException if the requested checkpoint is not this job's
		 * @throws ConflictException if none was requested and the job has none yet
		 */
		CheckpointInfo checkpoint(UUID requested) {
			if (requested == null) {
				if (this.best == null) {
					throw new ConflictException("no-checkpoint",
							"Job " + this.model.jobId() + " has no checkpoint yet (it is " + this.model.status() + ")");
				}
				return this.best;
			}
			CheckpointInfo kept = this.named.get(requested);
			if (kept != null) {
				return kept;
			}
			CheckpointInfo found = PredictTargets.this.checkpoints.find(requested)
				.filter((c) -> c.jobId().equals(this.model.jobId()))
				.orElseThrow(() -> new NotFoundException("Checkpoint of job " + this.model.jobId(), requested));
			if (this.ended && this.named.size() < 64) {
				this.named.put(requested, found);
			}
			return found;
		}

	}

}
