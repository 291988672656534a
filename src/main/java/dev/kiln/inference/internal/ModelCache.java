package dev.kiln.inference.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.engine.Predictor;
import dev.kiln.inference.InferenceProperties;

import org.springframework.stereotype.Component;

/**
 * Loaded models by checkpoint id, each with its {@link PredictionBatcher}, bounded by a
 * count and by the bytes of their parameters ({@link Predictor#parameterBytes()}), least
 * recently used evicted first. A model larger than the byte bound alone is still served:
 * it evicts every other and stays until the next model is loaded.
 * <p>
 * Loading happens outside the cache's lock, so a slow load holds up only the requests for
 * that checkpoint; concurrent requests for it wait for the one load. A failed load is not
 * remembered: the next request tries again.
 */
@Component
class ModelCache {

	private final ModelLoader loader;

	private final InferenceProperties properties;

	private final InferenceMetrics metrics;

	private final long maxBytes;

	/** In access order: the eldest is the least recently used. Guarded by itself. */
	private final LinkedHashMap<UUID, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

	/** Bytes of the loaded entries. Guarded by {@link #entries}. */
	private long bytes;

	private static final class Entry {

		final CompletableFuture<PredictionBatcher> loading = new CompletableFuture<>();

		/** Set once loaded; 0 while loading. */
		long bytes;

		boolean loaded() {
			return this.loading.isDone() && !this.loading.isCompletedExceptionally();
		}

	}

	ModelCache(ModelLoader loader, InferenceProperties properties, InferenceMetrics metrics) {
		this.loader = loader;
		this.properties = properties;
		this.metrics = metrics;
		this.maxBytes = properties.cacheMaxBytes().toBytes();
		metrics.watchCache(this::models, this::bytes);
	}

	/**
	 * Class probabilities for {@code rows} from the checkpoint's model, loading it if it
	 * is not loaded, in a forward pass shared with concurrent requests for it.
	 */
	float[][] probabilities(CheckpointInfo checkpoint, float[][] rows) {
		while (true) {
			try {
				return batcher(checkpoint).probabilities(rows);
			}
			catch (PredictionBatcher.RetiredModelException ex) {
				// evicted and freed between the look-up and the call: load it again
			}
		}
	}

	/** The checkpoint's batcher, loading the model if it is not loaded. */
	PredictionBatcher batcher(CheckpointInfo checkpoint) {
		Entry entry;
		boolean mine = false;
		synchronized (this.entries) {
			entry = this.entries.get(checkpoint.id());
			if (entry == null) {
				entry = new Entry();
				this.entries.put(checkpoint.id(), entry);
				mine = true;
			}
		}
		if (mine) {
			load(checkpoint, entry);
		}
		try {
			return entry.loading.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

	private void load(CheckpointInfo checkpoint, Entry entry) {
		Predictor predictor;
		try {
			predictor = this.loader.load(checkpoint);
		}
		catch (RuntimeException | Error ex) {
			synchronized (this.entries) {
				this.entries.remove(checkpoint.id(), entry);
			}
			entry.loading.completeExceptionally(ex);
			throw ex;
		}
		PredictionBatcher batcher = new PredictionBatcher(predictor, this.properties.batchWait(),
				this.properties.maxBatchRows(), this.metrics::passRan);
		List<PredictionBatcher> evicted = new ArrayList<>();
		synchronized (this.entries) {
			entry.bytes = predictor.parameterBytes();
			this.bytes += entry.bytes;
			entry.loading.complete(batcher);
			evictBeyondBounds(checkpoint.id(), evicted);
		}
		evicted.forEach(PredictionBatcher::retire);
	}

	/**
	 * Evicts loaded entries, eldest first, until both bounds hold or only {@code kept}.
	 */
	private void evictBeyondBounds(UUID kept, List<PredictionBatcher> evicted) {
		Iterator<Map.Entry<UUID, Entry>> eldestFirst = this.entries.entrySet().iterator();
		while ((loadedCount() > this.properties.cacheSize() || this.bytes > this.maxBytes) && eldestFirst.hasNext()) {
			Map.Entry<UUID, Entry> candidate = eldestFirst.next();
			if (candidate.getKey().equals(kept) || !candidate.getValue().loaded()) {
				continue;
			}
			eldestFirst.remove();
			this.bytes -= candidate.getValue().bytes;
			evicted.add(candidate.getValue().loading.join());
		}
	}

	private int loadedCount() {
		int count = 0;
		for (Entry entry : this.entries.values()) {
			if (entry.loaded()) {
				count++;
			}
		}
		return count;
	}

	/** How many models are loaded. */
	int models() {
		synchronized (this.entries) {
			return loadedCount();
		}
	}

	/** The bytes of the loaded models' parameters. */
	long bytes() {
		synchronized (this.entries) {
			return this.bytes;
		}
	}

	/** Whether the checkpoint's model is loaded (not merely loading). */
	boolean isLoaded(UUID checkpointId) {
		synchronized (this.entries) {
			// not get(): that would count as a use
			for (Map.Entry<UUID, Entry> entry : this.entries.entrySet()) {
				if (entry.getKey().equals(checkpointId)) {
					return entry.getValue().loaded();
				}
			}
			return false;
		}
	}

}
