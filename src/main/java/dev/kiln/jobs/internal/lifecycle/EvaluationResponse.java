package dev.kiln.jobs.internal.lifecycle;

import java.util.List;
import java.util.UUID;

import dev.kiln.engine.TestEvaluation;

/**
 * The best checkpoint's evaluation on the test split.
 *
 * @param labels class names, in the order of the confusion matrix's rows (actual) and
 * columns (predicted)
 */
public record EvaluationResponse(UUID checkpointId, int checkpointEpoch, int examples, double accuracy,
		List<TestEvaluation.ClassMetrics> classes, List<String> labels, int[][] confusion) {

	public static EvaluationResponse of(UUID checkpointId, int epoch, TestEvaluation evaluation, List<String> labels) {
		return new EvaluationResponse(checkpointId, epoch, evaluation.examples(), evaluation.accuracy(),
				evaluation.classes(), labels, evaluation.confusion());
	}

}
