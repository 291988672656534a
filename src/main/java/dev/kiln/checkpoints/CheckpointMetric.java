package dev.kiln.checkpoints;

import java.util.Comparator;

/**
 * What makes a checkpoint the best of its job. NaN (no validation split) ranks below
 * every number, so with no validation the newest checkpoint is the best.
 */
public enum CheckpointMetric {

	VALIDATION_LOSS("validationLoss") {
		@Override
		double score(CheckpointInfo checkpoint) {
			return -checkpoint.validationLoss();
		}
	},

	VALIDATION_ACCURACY("validationAccuracy") {
		@Override
		double score(CheckpointInfo checkpoint) {
			return checkpoint.validationAccuracy();
		}
	};

	private final String specName;

	CheckpointMetric(String specName) {
		this.specName = specName;
	}

	/**
	 * The word the spec ({@code checkpoints.metric}) and the job's row use:
	 * validationLoss or validationAccuracy.
	 */
	public String specName() {
		return this.specName;
	}

	/** Higher is better; NaN for a checkpoint with no score. */
	abstract double score(CheckpointInfo checkpoint);

	/** Orders checkpoints from worst to best; ties go to the later epoch. */
	public Comparator<CheckpointInfo> ranking() {
		return Comparator.<CheckpointInfo>comparingDouble((c) -> {
			double score = score(c);
			return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
		}).thenComparingInt(CheckpointInfo::epoch);
	}

	public static CheckpointMetric fromSpecName(String name) {
		for (CheckpointMetric metric : values()) {
			if (metric.specName.equals(name)) {
				return metric;
			}
		}
		throw new IllegalArgumentException("unknown checkpoint metric '" + name + "'");
	}

}
