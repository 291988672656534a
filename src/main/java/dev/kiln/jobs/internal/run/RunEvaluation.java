package dev.kiln.jobs.internal.run;

import java.util.UUID;

import dev.kiln.jobs.internal.lifecycle.EvaluationResponse;

/**
 * How {@link JobRunner} has a finished run's best checkpoint evaluated on its test rows
 * ({@link BestCheckpointEvaluator}); null when the run has no test rows.
 */
interface RunEvaluation {

	EvaluationResponse evaluate(UUID jobId, PreparedRun prepared);

}
