package dev.kiln.jobs.internal.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.engine.Accelerations;
import dev.kiln.engine.Evaluator;
import dev.kiln.engine.ModelFiles;
import dev.kiln.engine.TestEvaluation;
import dev.kiln.engine.Trainer;
import dev.kiln.jobs.internal.lifecycle.EvaluationResponse;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Evaluates the best checkpoint of a finished run (by the spec's checkpoint metric) on
 * the run's test rows, with the same accelerations the training used.
 */
@Component
class BestCheckpointEvaluator implements RunEvaluation {

	private static final Logger log = LoggerFactory.getLogger(BestCheckpointEvaluator.class);

	private final CheckpointService checkpoints;

	private final Trainer trainer;

	BestCheckpointEvaluator(CheckpointService checkpoints, Trainer trainer) {
		this.checkpoints = checkpoints;
		this.trainer = trainer;
	}

	@Override
	public EvaluationResponse evaluate(UUID jobId, PreparedRun prepared) {
		if (prepared.test().count() == 0) {
			return null;
		}
		CheckpointInfo best = this.checkpoints.best(jobId, prepared.metric())
			.orElseThrow(() -> new IllegalStateException("the job finished without a checkpoint"));
		try {
			// the weights are enough to evaluate: reading the updater state too takes as
			// long again
			Accelerations accelerations = this.trainer.accelerations();
			MultiLayerNetwork network = ModelFiles.loadWeights(this.checkpoints.verifiedFile(best), accelerations);
			TestEvaluation evaluation;
			try {
				evaluation = Evaluator.evaluate(network, prepared.test(), prepared.classNames(), accelerations);
			}
			finally {
				// its arrays live off the heap: free them now, not when the collector
				// runs
				network.close();
			}
			log.info("Job {}: checkpoint of epoch {} scores {} on {} test rows", jobId, best.epoch(),
					evaluation.accuracy(), evaluation.examples());
			return EvaluationResponse.of(best.id(), best.epoch(), evaluation, prepared.classNames());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not load the best checkpoint", ex);
		}
	}

}
