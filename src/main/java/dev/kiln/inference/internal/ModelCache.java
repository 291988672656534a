package dev.kiln.inference.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.engine.ModelFiles;
import dev.kiln.engine.Predictor;
import dev.kiln.inference.InferenceProperties;

import org.springframework.stereotype.Component;

/**
 * Loaded models by checkpoint id, bounded, least recently used evicted first. A
 * checkpoint's file is verified against its recorded sha256 before it is deserialised.
 */
@Component
class ModelCache {

	private final CheckpointService checkpoints;

	private final Map<UUID, Predictor> loaded;

	ModelCache(CheckpointService checkpoints, InferenceProperties properties) {
		this.checkpoints = checkpoints;
		int capacity = properties.cacheSize();
		this.loaded = new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<UUID, Predictor> eldest) {
				return size() > capacity;
			}
		};
	}

	synchronized Predictor predictor(CheckpointInfo checkpoint) {
		Predictor predictor = this.loaded.get(checkpoint.id());
		if (predictor == null) {
			try {
				predictor = new Predictor(ModelFiles.load(this.checkpoints.verifiedFile(checkpoint)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not load checkpoint " + checkpoint.id(), ex);
			}
			this.loaded.put(checkpoint.id(), predictor);
		}
		return predictor;
	}

}
