package dev.kiln.spec;

import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * DL4J's {@link AdaGrad} with a learning-rate schedule that survives {@link #clone()}: in
 * 1.0.0-M2.1 {@code AdaGrad.clone()} drops the schedule, and DL4J clones the updater for
 * every layer, so a scheduled AdaGrad would silently train at a NaN learning rate. Model
 * files carry DL4J's {@link AdaGrad} at the learning rate in force.
 */
public class ScheduledAdaGrad extends AdaGrad {

	private static final long serialVersionUID = 1L;

	/** For deserialisation. */
	public ScheduledAdaGrad() {
	}

	public ScheduledAdaGrad(ISchedule learningRateSchedule, double epsilon) {
		super(learningRateSchedule, epsilon);
	}

	@Override
	public ScheduledAdaGrad clone() {
		ScheduledAdaGrad clone = new ScheduledAdaGrad();
		clone.setLearningRate(getLearningRate());
		clone.setLearningRateSchedule((getLearningRateSchedule() != null) ? getLearningRateSchedule().clone() : null);
		clone.setEpsilon(getEpsilon());
		return clone;
	}

}
